import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Hook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hook",
    abstract: "Install, remove or run the pre-commit hook.",
    discussion: """
      The hook lints what is staged — the registry and CODEOWNERS as the commit will contain them, and \
      coverage of the staged tree — and stops the commit on errors, printing each with its file and line. \
      History findings are for CI, not reasons to block a commit. It runs on every commit, since a new file \
      changes coverage too.

      Examples:
        leads hook install      # into .git/hooks (or core.hooksPath); an existing hook is chained, not replaced
        leads hook uninstall    # removes only what install added, restoring a chained hook
        leads hook run          # what the hook runs
      """,
    subcommands: [Install.self, Uninstall.self, Run.self]
  )

  /// Marks a hook file as written by `leads hook install`.
  static let marker = "# installed by `leads hook install`"
  static let chainedSuffix = ".before-leads"

  /// Where git runs hooks from: `core.hooksPath` read the way git reads it (`~/` is the home folder; a
  /// relative path is relative to the working tree, where git runs hooks), else the repository's hooks folder.
  static func hooksFolder(_ workspace: Workspace) throws -> String {
    let configured: String?
    do {
      configured = try workspace.repository.configString("core.hooksPath")
    } catch {
      throw CommandFailure(message: "cannot read core.hooksPath: \(error)")
    }
    guard let configured, !configured.isEmpty else { return workspace.repository.commonDirectory + "/hooks" }
    if configured == "~" || configured.hasPrefix("~/") {
      guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
        throw CommandFailure(message: "core.hooksPath is '\(configured)', but HOME is not set to expand '~'")
      }
      return home + configured.dropFirst()
    }
    return configured.hasPrefix("/") ? configured : workspace.root + "/" + configured
  }

  /// The running executable, absolute and with links resolved, so that the hook finds it whatever the PATH
  /// and the folder a commit starts in.
  static func executablePath() -> String {
    if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
      real.hasPrefix("/")
    {
      return real
    }
    let invoked = CommandLine.arguments[0]
    if !invoked.contains("/") {
      let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
      for folder in folders where access("\(folder)/\(invoked)", X_OK) == 0 {
        return URL(fileURLWithPath: "\(folder)/\(invoked)").resolvingSymlinksInPath().path
      }
    }
    return URL(fileURLWithPath: invoked).resolvingSymlinksInPath().path
  }

  /// `text` as one word for a POSIX shell, nothing in it expanded.
  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The hook script: runs a chained hook first, then `leads hook run` (`LEADS` may name another binary).
  static func script(binary: String, chained: String?) -> String {
    var script = "#!/bin/sh\n\(Hook.marker); `leads hook uninstall` removes it.\n"
    if let chained {
      script += "\(shellQuoted(chained)) \"$@\" || exit $?\n"
    }
    script += "leads=${LEADS:-}\n"
    script += "[ -n \"$leads\" ] || leads=\(shellQuoted(binary))\n"
    script += "exec \"$leads\" hook run\n"
    return script
  }

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "install",
      abstract: "Install the pre-commit hook; an existing hook keeps running first.",
      discussion: "Example:\n  leads hook install")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let workspace = try repository.workspace()
      let folder = try Hook.hooksFolder(workspace)
      let path = folder + "/pre-commit"
      let manager = FileManager.default
      let existing = manager.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
      if let existing, existing.contains(Hook.marker) {
        FileHandle.standardError.write(Data("leads: the hook is already installed at \(path)\n".utf8))
        return
      }
      var chained: String?
      if existing != nil || (try? manager.destinationOfSymbolicLink(atPath: path)) != nil {
        let keep = path + Hook.chainedSuffix
        guard !manager.fileExists(atPath: keep) else {
          throw CommandFailure(
            message:
              "\(path) exists and so does \(keep); remove one of them, then run `leads hook install` again")
        }
        try manager.moveItem(atPath: path, toPath: keep)
        chained = keep
      }
      let script = Hook.script(binary: Hook.executablePath(), chained: chained)
      try AtomicFile.write(Array(script.utf8), to: path)
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
      let note = chained.map { "; the hook that was there runs first (\($0))" } ?? ""
      FileHandle.standardError.write(Data("leads: installed the pre-commit hook at \(path)\(note)\n".utf8))
      if let tracked = Hook.trackedFolder(folder, in: workspace) {
        FileHandle.standardError.write(
          Data(
            "leads: warning: the hooks folder \(tracked)/ is tracked in this repository, so the hook is a change to commit and share (or to keep out of commits)\n"
              .utf8))
      }
    }
  }

  /// The hooks folder relative to the working tree, when it is inside it and git tracks files there.
  static func trackedFolder(_ folder: String, in workspace: Workspace) -> String? {
    guard let tree = workspace.tree else { return nil }
    let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    guard let relative = tree.relativeToRoot(real), !relative.isEmpty,
      let index = try? workspace.indexEntries(),
      index.contains(where: { $0.path.hasPrefix(relative + "/") })
    else { return nil }
    return relative
  }

  struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "uninstall",
      abstract: "Remove the hook `leads hook install` added, restoring a hook it chained.",
      discussion: "Example:\n  leads hook uninstall")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let workspace = try repository.workspace()
      let path = try Hook.hooksFolder(workspace) + "/pre-commit"
      let manager = FileManager.default
      guard let data = manager.contents(atPath: path),
        String(decoding: data, as: UTF8.self).contains(Hook.marker)
      else {
        throw CommandFailure(message: "\(path) was not installed by leads; it is left as it is")
      }
      try manager.removeItem(atPath: path)
      let keep = path + Hook.chainedSuffix
      if manager.fileExists(atPath: keep) || (try? manager.destinationOfSymbolicLink(atPath: keep)) != nil {
        try manager.moveItem(atPath: keep, toPath: path)
        FileHandle.standardError.write(Data("leads: removed the hook and restored the one it chained\n".utf8))
      } else {
        FileHandle.standardError.write(Data("leads: removed the hook at \(path)\n".utf8))
      }
    }
  }

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Lint what is staged and fail on errors (what the hook runs).",
      discussion: "Example:\n  leads hook run")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let workspace = try repository.workspace()
      let result: LintResult
      do {
        result = try workspace.lint(from: .staged)
      } catch WorkspaceError.noRegistry {
        return  // a repository without a registry has nothing to check
      } catch {
        throw CommandFailure(message: error.description)
      }
      let errors = result.diagnostics.filter { $0.severity == .error }
      guard !errors.isEmpty else { return }
      let report = LintReport(diagnostics: errors, filesChecked: result.filesChecked)
      FileHandle.standardError.write(Data(TextReporter(color: ColorChoice.auto.enabled).render(report).utf8))
      FileHandle.standardError.write(
        Data("leads: the commit was stopped: fix the errors above, stage the fix, and commit again\n".utf8))
      withExtendedLifetime(workspace) { Foundation.exit(1) }
    }
  }
}
