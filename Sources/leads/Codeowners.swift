import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

extension CodeownersFlavor: ExpressibleByArgument {}

struct Codeowners: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codeowners",
    abstract: "Generate CODEOWNERS from the registry, write it, or check it for drift.",
    discussion: """
      Owners of each service's (and open initiative's) paths are its lead, then its backups: a person's forge \
      handle when their person file has one, else their email. Lines are ordered so that, since the last \
      matching line wins, a service nested inside another owns its files. The generated lines sit between \
      '# BEGIN leads' and '# END leads'; every line outside them is kept byte for byte.

      The file is the one registry/leads.yml names (codeowners.file), else the first of .github/CODEOWNERS, \
      CODEOWNERS and docs/CODEOWNERS that exists, else .github/CODEOWNERS.

      Examples:
        leads codeowners          # print the whole file as it would be written
        leads codeowners --write  # write it (atomically)
        leads codeowners --check  # out of date: print a diff and exit 1

      The END line carries a checksum of the generated lines: a block edited by hand is reported as such \
      (by lint and --check), and --write refuses to undo the edit unless given --force.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Flag(help: "Write the file (atomically), keeping every line outside the generated block.")
  var write = false

  @Flag(help: "Exit 1 and print a unified diff when the file differs from what the registry says.")
  var check = false

  @Flag(help: "With --write, replace a generated block that was edited by hand (the edit is lost).")
  var force = false

  @Option(help: "CODEOWNERS dialect: github or gitlab (default: the config's codeowners.flavor).")
  var flavor: CodeownersFlavor?

  func validate() throws {
    if write && check { throw ValidationError("use --write or --check, not both") }
    if force && !write { throw ValidationError("--force only goes with --write") }
  }

  func run() throws {
    let workspace = try repository.workspace()
    let update: CodeownersUpdate
    let leftOut: [String]
    do {
      let input = try workspace.lintInput(from: .workingTree)
      leftOut = Linter.read(input).filesLeftOut
      update = CodeownersUpdate(
        Linter.lint(input), codeowners: input.codeowners ?? workspace.defaultCodeowners, flavor: flavor,
        despiteErrors: !write && !check, overwritingHandEdits: force || !write)
    } catch {
      throw CommandFailure(message: error.description)
    }
    let plan: CodeownersUpdate.Plan
    switch update {
    case .blocked(let errors):
      printError(
        TextReporter(color: false).render(LintReport(diagnostics: errors, filesChecked: 0)), newline: false)
      printError(
        "leads: the registry has errors, and entries with errors would lose their lines; fix them first")
      throw ExitCode(1)
    case .unusable(let path, let problem):
      printError("\(path):\(problem.line):1: error: \(problem.message)")
      throw ExitCode(1)
    case .ready(let ready): plan = ready
    }
    if check {
      guard !plan.isUpToDate else {
        let older =
          plan.isCurrent
          ? "" : "; an older leads wrote it: `leads codeowners --write` adds its END line's checksum"
        return printError("leads: \(plan.path) is up to date (\(counted(plan.ruleCount, "rule")))\(older)")
      }
      try Console.out(plan.diff)
      if let current = plan.current, let edited = CodeownersFile.handEdit(current) {
        printError("leads: \(CodeownersDriftRule.handEditMessage(plan.path, edited))")
      } else {
        printError("leads: \(plan.path) is out of date; run `leads codeowners --write`")
      }
      throw ExitCode(1)
    }
    guard write else {
      noteFilesLeftOut(leftOut)
      return try Console.out(plan.expected)
    }
    guard !plan.isCurrent else {
      return printError("leads: \(plan.path) is already up to date (\(counted(plan.ruleCount, "rule")))")
    }
    do {
      try workspace.write(plan.expected, to: plan.path, what: "CODEOWNERS")
    } catch {
      throw CommandFailure(message: error.description)
    }
    printError("leads: wrote \(plan.path) (\(counted(plan.ruleCount, "rule")))")
  }
}

enum WhoFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct Who: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "who",
    abstract: "Show who owns paths, as the forge will route them.",
    discussion: """
      Answers from the whole CODEOWNERS as `leads codeowners --write` would leave it — hand-written lines and \
      the generated block together, in order, the last matching line deciding — and names that line. \
      --registry-only answers from the generated lines alone; --codeowners from an existing file, to compare \
      before migrating, and --rev from a commit (the CODEOWNERS an import replaced is `--rev HEAD~1`). Every \
      path that can be answered is; one outside the repository is named on stderr and the exit status is 2. \
      Paths may exist or not; they are relative to the current folder (or absolute inside \
      the repository). A folder (an existing one, or a path ending in /) lists the owner sets of the tracked \
      files under it, with counts. --stdin reads the paths from standard input, one per line: a whole pull \
      request's files (`git diff --name-only origin/main... | leads who --stdin`), in about the time it takes \
      to read the index.

      Examples:
        leads who services/checkout/main.swift docs/
        git ls-files | leads who --stdin
        leads who --format json src/app.swift
        leads who --codeowners .github/CODEOWNERS services/checkout/main.swift
        leads who --rev HEAD~1 services/checkout/main.swift
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Argument(help: "Paths to look up.")
  var paths: [String] = []

  @Flag(help: "Also read paths from standard input, one per line (for long lists: a pull request's files).")
  var stdin = false

  @Option(help: "Output format: text or json.")
  var format: WhoFormat = .text

  @Option(help: ArgumentHelp("Answer from this CODEOWNERS file instead of the registry.", valueName: "file"))
  var codeowners: String?

  @Option(
    help: ArgumentHelp(
      "Answer from the CODEOWNERS as it was at this commit (HEAD~1, a branch, a tag): --codeowners, or the file the forge finds.",
      valueName: "rev"))
  var rev: String?

  @Flag(help: "Answer from the registry's generated lines alone, without the hand-written ones.")
  var registryOnly = false

  @Option(help: "How to read --codeowners: github (default) or gitlab (with [Section] headers).")
  var flavor: CodeownersFlavor = .github

  func validate() throws {
    if paths.isEmpty && !stdin { throw ValidationError("name at least one path (or give them on --stdin)") }
    if registryOnly && (codeowners != nil || rev != nil) {
      throw ValidationError("--registry-only answers from the registry; --codeowners and --rev from a file")
    }
  }

  func run() throws {
    let workspace = try repository.workspace()
    let base = repository.directory ?? FileManager.default.currentDirectoryPath
    let routing: CodeownersRouting
    if codeowners != nil || rev != nil {
      routing = CodeownersRouting(
        CodeownersParser.parse(try existingCodeowners(in: workspace, from: base), flavor: flavor))
    } else {
      let reading: Linter.Reading
      do {
        reading = Linter.read(try workspace.lintInput(from: .workingTree))
      } catch {
        throw CommandFailure(message: error.description)
      }
      let registry = reading.registry
      noteFilesLeftOut(reading.filesLeftOut)
      routing =
        registryOnly
        ? CodeownersGenerator.routing(
          CodeownersGenerator.rules(for: registry), flavor: registry.config.codeownersFlavor)
        : CodeownersView(registry: registry).routing
    }
    // Every path that can be answered is; the others are named on stderr and make the exit status 2.
    var written: [String] = []
    var resolved: [String] = []
    var refused: [String] = []
    var asked = paths
    if stdin {
      asked += Who.lines(of: FileHandle.standardInput.readDataToEndOfFile())
    }
    let tracked: PathTable
    do {
      tracked = try workspace.trackedPaths()
    } catch {
      throw CommandFailure(message: error.description)
    }
    let roots = Who.roots(of: workspace)
    // The folder the paths are relative to, resolved once: a plain relative path naming a tracked file is
    // then inside the repository by definition, and needs no more than a lookup.
    let baseFolder = try? Who.repositoryPath(
      ".", from: base, workspace: workspace, what: "the folder", roots: roots)
    for path in asked {
      do {
        if let baseFolder, Who.isPlainRelative(path) {
          let relative = baseFolder.isEmpty ? path : baseFolder + "/" + path
          if tracked.contains(relative) {
            resolved.append(relative)
            written.append(path)
            continue
          }
        }
        resolved.append(
          try Who.repositoryPath(
            path, from: base, workspace: workspace, what: "the path", tracked: tracked, roots: roots))
        written.append(path)
      } catch let failure as CommandFailure {
        refused.append(failure.message)
      }
    }
    // A folder: one that exists, one written with a trailing slash, or one that tracked files sit in — never
    // a tracked file.
    let folders = Set(
      zip(written, resolved).compactMap { written, path -> String? in
        if written.hasSuffix("/") || path.isEmpty { return path }
        if tracked.contains(path) { return nil }
        var isFolder: ObjCBool = false
        let onDisk =
          workspace.tree.map {
            FileManager.default.fileExists(atPath: $0.root + "/" + path, isDirectory: &isFolder)
          } ?? false
        if onDisk && isFolder.boolValue { return path }
        return tracked.hasFiles(under: path) && !tracked.contains(path) ? path : nil
      })
    if !resolved.isEmpty {
      let answers = WhoReporter.answers(
        for: resolved, routing: routing, folders: folders, trackedFiles: tracked)
      try Console.out(format == .json ? WhoReporter().json(answers) : WhoReporter().text(answers))
    }
    guard refused.isEmpty else {
      for sentence in refused { Console.error("leads: \(sentence)\n") }
      throw ExitCode(2)
    }
  }

  /// The text of the CODEOWNERS to answer from: --codeowners (from the working tree, or from --rev), or the
  /// file the forge would find at --rev.
  private func existingCodeowners(in workspace: Workspace, from base: String) throws -> String {
    var source = Source.workingTree
    if let rev {
      let found: PastCommit?
      do {
        found = try workspace.commit(named: rev)
      } catch {
        throw CommandFailure(message: error.description)
      }
      guard let found else {
        let name = OwnerReference.visible(rev)
        throw CommandFailure(
          message: "no commit '\(name)' in this repository (try HEAD~1, a branch or a tag)")
      }
      source = .commit(found)
    }
    let named = try codeowners.map {
      try Who.repositoryPath($0, from: base, workspace: workspace, what: "--codeowners")
    }
    let candidates = named.map { [$0] } ?? Workspace.codeownersLocations
    for path in candidates {
      let bytes: [UInt8]?
      do {
        bytes = try workspace.read(path, from: source, what: "--codeowners")
      } catch {
        throw CommandFailure(message: error.description)
      }
      if let bytes { return String(decoding: bytes, as: UTF8.self) }
    }
    let place = rev.map { " at '\(OwnerReference.visible($0))'" } ?? ""
    throw CommandFailure(
      message: candidates.count == 1
        ? "\(candidates[0]) does not exist\(place)"
        : "no CODEOWNERS\(place): none of \(candidates.joined(separator: ", ")) exists")
  }

  /// The working tree's root as written and with links resolved (a path may start with either).
  /// Whether a path is written relative and plainly: no leading or trailing `/`, no empty, `.`, `..` or
  /// `.git` component (those take the full resolution of `repositoryPath`).
  static func isPlainRelative(_ path: String) -> Bool {
    var path = path
    return path.withUTF8 { bytes in
      let slash = UInt8(ascii: "/")
      let dot = UInt8(ascii: ".")
      guard let first = bytes.first, first != slash, bytes.last != slash else { return false }
      // One pass over the components, without making any: each must hold something other than dots, and
      // not be `.git` in any case.
      var start = 0
      while start <= bytes.count {
        var end = start
        var onlyDots = true
        while end < bytes.count, bytes[end] != slash {
          if bytes[end] != dot { onlyDots = false }
          end += 1
        }
        if end == start || onlyDots { return false }
        if end - start == 4, bytes[start] == dot, bytes[start + 1] | 0x20 == UInt8(ascii: "g"),
          bytes[start + 2] | 0x20 == UInt8(ascii: "i"), bytes[start + 3] | 0x20 == UInt8(ascii: "t")
        {
          return false
        }
        start = end + 1
      }
      return true
    }
  }

  /// The lines of what `--stdin` read, without a `\r` before each newline; empty lines are left out.
  static func lines(of input: Data) -> [String] {
    input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String] in
      let bytes = raw.bindMemory(to: UInt8.self)
      var lines: [String] = []
      var start = 0
      while start < bytes.count {
        let end =
          bytes.baseAddress.flatMap { base in
            memchr(base + start, 0x0A, bytes.count - start).map {
              base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
          } ?? bytes.count
        var stop = end
        if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
        if stop > start {
          lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self))
        }
        start = end + 1
      }
      return lines
    }
  }

  static func roots(of workspace: Workspace) -> [String] {
    [workspace.root, URL(fileURLWithPath: workspace.root).resolvingSymlinksInPath().path]
  }

  /// A path as the repository names it: relative to the root, `/`-separated, without `.` or `..`. A path
  /// outside the working tree (or inside `.git/`), directly or through a symbolic link, is refused. A path
  /// the index tracks is inside by definition (git tracks nothing beyond a symbolic link): it is not looked
  /// up on disk.
  static func repositoryPath(
    _ written: String, from base: String, workspace: Workspace, what: String, tracked: PathTable? = nil,
    roots known: [String]? = nil
  ) throws -> String {
    let absolute = written.hasPrefix("/") ? written : base + "/" + written
    var parts: [Substring] = []
    for part in absolute.split(separator: "/") where part != "." {
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
      } else {
        parts.append(part)
      }
    }
    let normalized = "/" + parts.joined(separator: "/")
    let root = workspace.root
    let roots = known ?? Who.roots(of: workspace)
    guard let candidate = roots.first(where: { normalized == $0 || normalized.hasPrefix($0 + "/") }) else {
      throw CommandFailure(
        message: "\(what) '\(OwnerReference.visible(written))' is outside the repository at \(root)")
    }
    let relative = String(normalized.dropFirst(candidate.count + 1))
    guard !relative.isEmpty else { return "" }
    if tracked?.contains(relative) == true, !relative.split(separator: "/").contains(".git") {
      return relative
    }
    do {
      if let tree = workspace.tree {
        _ = try tree.resolve(relative, what: what)
      } else {
        _ = try WorkingTree.components(of: relative, what: what)
      }
    } catch {
      throw CommandFailure(message: error.message)
    }
    return relative
  }
}
