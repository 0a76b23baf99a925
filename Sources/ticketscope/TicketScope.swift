import ArgumentParser

@main
struct TicketScope: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ticketscope",
        abstract: "Store, compare and diagnose the pruning masks of sparse subnetworks (Routing the Lottery).",
        discussion: """
            Every mask of every subnetwork at every sparsity step lives in one SQLite file (default \
            runs.sqlite in the working directory; docs/schema.md shows how to read it from Python).

            Start here:
              ticketscope data fetch cifar10            # the official CIFAR-10 into ./data
              ticketscope demo                          # train, then write reports/demo/
              ticketscope example --out ex/             # a generated run as .npz
              ticketscope import --run ex ex/step*.npz  # store it
              ticketscope similarity --run ex           # K×K Jaccard, last step
              ticketscope collapse --run ex             # where subnetworks collapse
            """,
        version: version,
        subcommands: [
            ImportCommand.self, ImportMetricsCommand.self, DeleteCommand.self, RunsCommand.self, InspectCommand.self, SimilarityCommand.self,
            TrainCommand.self, DemoCommand.self, DataCommand.self, EvaluateCommand.self, CollapseCommand.self, CheckCommand.self, BacktestCommand.self, SemanticCommand.self, ReportCommand.self, CompareCommand.self,
            VerifyCommand.self, MergeCommand.self, SweepCommand.self,
            WordNetCommand.self, ExampleCommand.self, BenchCommand.self, ServeCommand.self,
        ]
    )
}
