import Foundation

/// Installs and removes the pre-commit hook that runs `leads hook run`, chaining a hook that was there.
public struct PreCommitHook {
  /// Marks a hook file as written by `leads hook install`.
  public static let marker = "# installed by `leads hook install`"
  /// The name suffix a replaced hook is kept under, and run from.
  public static let chainedSuffix = ".before-leads"

  let workspace: Workspace

  public init(_ workspace: Workspace) {
    self.workspace = workspace
  }

  /// What `install` did.
  public enum Installed: Equatable {
    case alreadyThere(path: String)
    /// A hook leads wrote before, naming another binary (one since moved or removed), rewritten to run this one.
    case updated(path: String)
    /// `chained` is the hook that was there and now runs first; `trackedFolder` is the hooks folder, relative to
    /// the working tree, when git tracks files in it (the hook is then a change to commit and share).
    case installed(path: String, chained: String?, trackedFolder: String?)
  }

  /// What `uninstall` did.
  public enum Removed: Equatable {
    case removed(path: String)
    case restoredChained(path: String)
    /// There was no hook to remove (running uninstall twice is not an error).
    case nothingInstalled(path: String)
  }

  /// Where git runs hooks from: `core.hooksPath` read the way git reads it (`~/` is the home folder; a
  /// relative path is relative to the working tree, where git runs hooks), else the repository's hooks folder.
  public func folder() throws(WorkspaceError) -> String {
    let configured: String?
    do {
      configured = try workspace.repository.configString("core.hooksPath")
    } catch {
      throw .cannotOpen("cannot read core.hooksPath: \(error)")
    }
    guard let configured, !configured.isEmpty else { return workspace.repository.commonDirectory + "/hooks" }
    if configured == "~" || configured.hasPrefix("~/") {
      guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
        throw .cannotOpen("core.hooksPath is '\(configured)', but HOME is not set to expand '~'")
      }
      return home + configured.dropFirst()
    }
    return configured.hasPrefix("/") ? configured : workspace.root + "/" + configured
  }

  /// Writes the hook, running `binary`; a hook that was there is kept beside it and runs first.
  public func install(binary: String) throws -> Installed {
    let folder = try folder()
    let path = folder + "/pre-commit"
    let manager = FileManager.default
    let existing = manager.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    let tracked = trackedFolder(folder)
    if let existing, existing.contains(PreCommitHook.marker) {
      // Installed before: the same script again is nothing to do; one naming another binary (a prefix since
      // removed, a versioned folder an upgrade replaced) is rewritten, keeping the hook it chains.
      let keep = path + PreCommitHook.chainedSuffix
      let chains =
        manager.fileExists(atPath: keep) || (try? manager.destinationOfSymbolicLink(atPath: keep)) != nil
      let script = scriptFor(binary: binary, chained: chains ? keep : nil, tracked: tracked)
      guard existing != script else { return .alreadyThere(path: path) }
      try AtomicFile.write(Array(script.utf8), to: path)
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
      return .updated(path: path)
    }
    var chained: String?
    if existing != nil || (try? manager.destinationOfSymbolicLink(atPath: path)) != nil {
      let keep = path + PreCommitHook.chainedSuffix
      guard !manager.fileExists(atPath: keep) else {
        throw WorkspaceError.refused(
          "\(path) exists and so does \(keep); remove one of them, then run `leads hook install` again")
      }
      try manager.moveItem(atPath: path, toPath: keep)
      chained = keep
    }
    let script = scriptFor(binary: binary, chained: chained, tracked: tracked)
    try AtomicFile.write(Array(script.utf8), to: path)
    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return .installed(path: path, chained: chained, trackedFolder: tracked)
  }

  /// The script `install` writes. A hooks folder git tracks is shared by the whole team: its hook names no
  /// path of this machine.
  private func scriptFor(binary: String, chained: String?, tracked: String?) -> String {
    tracked == nil
      ? PreCommitHook.script(binary: binary, chained: chained)
      : PreCommitHook.sharedScript(chained: chained.map { _ in "pre-commit" + PreCommitHook.chainedSuffix })
  }

  /// Removes the hook `install` wrote, restoring a hook it chained; refuses a hook it did not write.
  public func uninstall() throws -> Removed {
    let path = try folder() + "/pre-commit"
    let manager = FileManager.default
    let present =
      manager.fileExists(atPath: path) || (try? manager.destinationOfSymbolicLink(atPath: path)) != nil
    guard present else { return .nothingInstalled(path: path) }
    guard let data = manager.contents(atPath: path),
      String(decoding: data, as: UTF8.self).contains(PreCommitHook.marker)
    else {
      throw WorkspaceError.refused("\(path) was not installed by leads; it is left as it is")
    }
    try manager.removeItem(atPath: path)
    let keep = path + PreCommitHook.chainedSuffix
    guard manager.fileExists(atPath: keep) || (try? manager.destinationOfSymbolicLink(atPath: keep)) != nil
    else {
      return .removed(path: path)
    }
    try manager.moveItem(atPath: keep, toPath: path)
    return .restoredChained(path: path)
  }

  /// The hook script: runs a chained hook first, then `leads hook run` (`LEADS` may name another binary).
  /// Paths are single-quoted, so nothing in them is expanded by the shell. When the binary it was installed
  /// with is gone (a removed prefix, an upgrade that replaced a versioned folder), it runs the `leads` on PATH;
  /// with neither, it stops the commit with a sentence that says what to do, not the shell's "not found".
  public static func script(binary: String, chained: String?) -> String {
    var script = "#!/bin/sh\n\(marker); `leads hook uninstall` removes it.\n"
    if let chained {
      script += "\(shellQuoted(chained)) \"$@\" || exit $?\n"
    }
    script += "leads=${LEADS:-}\n"
    script += "if [ -z \"$leads\" ]; then\n"
    script += "  installed=\(shellQuoted(binary))\n"
    script += "  if [ -x \"$installed\" ]; then\n"
    script += "    leads=$installed\n"
    script += "  elif ! leads=$(command -v leads); then\n"
    script +=
      "    echo \"leads: the hook runs $installed, which is gone, and leads is not on PATH: install leads and run 'leads hook install' again, or set LEADS\" >&2\n"
    script += "    exit 1\n"
    script += "  fi\n"
    script += "fi\n"
    script += "exec \"$leads\" hook run\n"
    return script
  }

  /// The hook script for a hooks folder committed to the repository (`core.hooksPath` pointing at a tracked
  /// folder): `leads` is found on PATH (or `LEADS`), and a chained hook by its name beside this one, so the
  /// same file works on every clone.
  public static func sharedScript(chained: String?) -> String {
    var script = "#!/bin/sh\n\(marker); `leads hook uninstall` removes it.\n"
    if let chained {
      script += "\"$(dirname \"$0\")\"/\(shellQuoted(chained)) \"$@\" || exit $?\n"
    }
    script += "leads=${LEADS:-leads}\n"
    script += "if ! command -v \"$leads\" >/dev/null 2>&1; then\n"
    script +=
      "  echo \"leads: '$leads' is not on PATH; install leads (a release archive or scripts/install) or set LEADS\" >&2\n"
    script += "  exit 1\nfi\n"
    script += "exec \"$leads\" hook run\n"
    return script
  }

  /// `text` as one word for a POSIX shell, nothing in it expanded.
  public static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The running executable, absolute and with links resolved, so that the hook finds it whatever the PATH
  /// and the folder a commit starts in.
  public static func runningExecutable() -> String {
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

  /// The hooks folder relative to the working tree, when it is inside it and git tracks files there.
  private func trackedFolder(_ folder: String) -> String? {
    guard let tree = workspace.tree else { return nil }
    let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    guard let relative = tree.relativeToRoot(real), !relative.isEmpty,
      let index = try? workspace.indexEntries(),
      index.contains(where: { $0.path.hasPrefix(relative + "/") })
    else { return nil }
    return relative
  }
}
