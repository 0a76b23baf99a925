# Shared by the benchmark scripts (source it): a release build, a scratch directory, timing helpers.
nice -n 10 swift build -c release --product ticketscope >/dev/null
bin=$PWD/.build/release/ticketscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Seconds the command given as arguments takes (wall clock).
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

# "CPU model, N cores".
machine() { echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"; }
