import ArgumentParser

@main
struct TicketScope: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ticketscope",
        abstract: "Store, compare and diagnose the pruning masks of sparse subnetworks (Routing the Lottery).",
        discussion: """
            Every mask of every subnetwork at every sparsity step lives in one SQLite file (default
            runs.sqlite in the working directory; see docs/schema.md to read it from Python).

            Start here:
              ticketscope example --out example/             # write a small generated run as .npz files
              ticketscope import --run demo example/*.npz     # store it
              ticketscope inspect --run demo                  # layers, subnetworks, steps
              ticketscope similarity --run demo               # K×K Jaccard of the last step
            """,
        version: version,
        subcommands: [
            ImportCommand.self, ImportMetricsCommand.self, RunsCommand.self, InspectCommand.self, SimilarityCommand.self,
            TrainCommand.self, DemoCommand.self, EvaluateCommand.self, CollapseCommand.self, CheckCommand.self, SemanticCommand.self, ReportCommand.self, CompareCommand.self,
            WordNetCommand.self, ExampleCommand.self, BenchCommand.self,
        ]
    )
}
