import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

#if canImport(CNoCertificates)
  import CNoCertificates
#endif

@main
struct Leads: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leads",
    abstract:
      "A git-backed ownership registry: who leads which service and initiative, checked against history.",
    discussion: """
      Lead files are Markdown with YAML front matter under registry/. `leads lint` checks them; `leads show` \
      lists them; `leads rules` explains every check.
      """,
    version: leadsVersion,
    subcommands: [
      Lint.self, Show.self, Who.self, Codeowners.self, CoverageCommand.self, Hook.self, Init.self, New.self,
      Log.self, Report.self, Export.self, Suggest.self, Drill.self, Rotate.self, Checkin.self, Import.self,
      Rules.self,
      Demo.self, RegistryChain.self, WindowPart.self,
    ],
    defaultSubcommand: nil
  )

  /// Parses arguments and runs; usage errors exit 2, like unreadable repositories. Every other failure is one
  /// `leads:` sentence on stderr and exit 2, never a raw error dump.
  static func main() {
    #if canImport(CNoCertificates)
      // Referenced so that the linker keeps the CA-bundle loaders that stand in for mbedTLS's.
      _ = leads_skips_ca_certificates()
    #endif
    // A closed pipe is an error to report (EPIPE), not a signal that ends the process without a word.
    signal(SIGPIPE, SIG_IGN)
    _ = OutputFile.closedAtStart  // before anything opens a file

    var command: ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      exitForArgumentError(error)
    }
    do {
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch let failure as CommandFailure {
      Console.error("leads: \(failure.message)\n")
      Foundation.exit(2)
    } catch {
      // Help, versions and usage errors raised while running are the argument parser's to print.
      if error is ValidationError || exitCode(for: error) != .failure { exitForArgumentError(error) }
      Console.error("leads: \(sentence(for: error))\n")
      Foundation.exit(2)
    }
  }

  /// The first word of `arguments` that is not a command of the group before it but is close to one, with
  /// the command line it was probably meant as (`new service`); nil when the words name commands, or when
  /// nothing is close.
  static func mistypedCommand(in arguments: [String]) -> (written: String, meant: String, group: String)? {
    var group: ParsableCommand.Type = Leads.self
    var path: [String] = []
    for word in arguments {
      let commands = group.configuration.subcommands.filter { $0.configuration.shouldDisplay }
      guard !commands.isEmpty, !word.hasPrefix("-") else { return nil }
      if let next = commands.first(where: { $0.configuration.commandName == word }) {
        group = next
        path.append(word)
        continue
      }
      let names = commands.compactMap { $0.configuration.commandName }
      let group = path.map { $0 + " " }.joined()
      if let close = Suggestions.closest(to: word, in: names) { return (word, group + close, group) }
      // `leads show platform`: an id where `show` takes a subcommand is most likely a team or a person.
      if path == ["show"], !word.isEmpty {
        return (word, "show team \(word)' or 'leads show person \(word)", group)
      }
      return nil
    }
    return nil
  }

  /// What the argument parser says about its own errors (help, usage), with usage errors at exit 2.
  static func exitForArgumentError(_ error: Error) -> Never {
    let code = exitCode(for: error)
    // A mistyped command (`leads lnit`, `leads new servce`) gets the command it was probably meant to be.
    if code != .success,
      let (written, meant, group) = mistypedCommand(in: Array(CommandLine.arguments.dropFirst()))
    {
      Console.error(
        "leads: no command '\(written)'; did you mean 'leads \(meant)'? (`leads \(group)--help` lists them)\n"
      )
      Foundation.exit(2)
    }
    if code == .success {
      do {
        try Console.line(fullMessage(for: error))
      } catch {
        Console.error("leads: \((error as? CommandFailure)?.message ?? "\(error)")\n")
        Foundation.exit(2)
      }
      Foundation.exit(0)
    }
    Console.error(fullMessage(for: error) + "\n")
    Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
  }
}

/// Writes a line (or, with `newline` false, text that ends its own lines) to stderr.
func printError(_ line: String, newline: Bool = true) {
  Console.error(line + (newline ? "\n" : ""))
}

/// A failure before findings can be reported: one sentence on stderr, exit 2.
struct CommandFailure: Error, Sendable {
  let message: String
}

/// Options every command that reads the repository takes.
struct RepositoryOptions: ParsableArguments {
  @Option(
    name: .customShort("C"),
    help: ArgumentHelp(
      "Run as if started in this folder (any folder inside the repository).", valueName: "path"))
  var directory: String?

  /// The folder the command runs as if started in (`-C`, relative to the current one), absolute.
  var startFolder: String {
    let current = FileManager.default.currentDirectoryPath
    guard let directory else { return current }
    return directory.hasPrefix("/") ? directory : current + "/" + directory
  }

  func workspace() throws -> Workspace {
    let start = directory ?? FileManager.default.currentDirectoryPath
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw CommandFailure(message: "\(start) is not a folder")
    }
    do {
      return try Workspace(discoveringFrom: start)
    } catch {
      throw CommandFailure(message: error.description)
    }
  }
}

/// When to colour text output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  var enabled: Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      let environment = ProcessInfo.processInfo.environment
      return isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
  }
}

extension ReportFormat: ExpressibleByArgument {}
