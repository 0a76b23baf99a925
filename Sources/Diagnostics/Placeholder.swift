// Diagnostics: filled in by the diagnostics work.
