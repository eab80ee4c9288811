import ArgumentParser

/// What every helper process of a cold history read is told: the repository and the commit to start from.
struct HelperOptions: ParsableArguments {
  @Option(help: "The repository's git folder.")
  var gitDir: String

  @Option(help: "The commit to start from (40 hexadecimal digits).")
  var head: String
}
