import Foundation
import Testing

/// The archive `scripts/release` builds runs on a machine with git but neither a Swift toolchain nor libgit2.
/// `scripts/test` builds one and names it in `LEADS_TEST_RELEASE`.
struct ReleaseTests {
  static let archive = ProcessInfo.processInfo.environment["LEADS_TEST_RELEASE"]

  @Test(.enabled(if: archive != nil, "scripts/test builds the release archive and names it"))
  func theReleaseLintsWithoutSwiftOrLibgit2() throws {
    let archive = URL(fileURLWithPath: try #require(ReleaseTests.archive))
    let folder = archive.deletingLastPathComponent()
    let name = archive.lastPathComponent
    let sum = try run("/usr/bin/sha256sum", ["-c", name + ".sha256"], in: folder)
    #expect(sum.status == 0 && sum.stdout.contains("\(name): OK"), "\(sum.stdout)\(sum.stderr)")
    #expect(name.hasPrefix("leads-") && name.hasSuffix(".tar.gz"))

    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write(
      "registry/services/broken.md", "---\nkind: service\nlead: zed\npaths: [/services/]\n---\n")
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let unpacked = fixture.root.appendingPathComponent("unpacked")
    try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
    let untar = try run("/usr/bin/tar", ["-xzf", archive.path, "-C", unpacked.path], in: fixture.root)
    #expect(untar.status == 0, "\(untar.stderr)")
    let top = unpacked.appendingPathComponent(String(name.dropLast(".tar.gz".count)))
    for file in [
      "bin/leads", "LICENSE", "README.md", "share/man/man1/leads.1",
      "share/bash-completion/completions/leads",
      "share/zsh/site-functions/_leads", "share/fish/vendor_completions.d/leads.fish",
      "share/doc/leads/licenses/libgit2.txt", "share/doc/leads/licenses/mimalloc.txt",
      "share/doc/leads/licenses/libdeflate.txt",
    ] {
      #expect(FileManager.default.fileExists(atPath: top.appendingPathComponent(file).path), "\(file)")
    }
    // mimalloc is linked in: the binary itself defines the malloc every library it loads calls.
    let symbols = try run(
      "/usr/bin/readelf", ["--dyn-syms", "-W", top.appendingPathComponent("bin/leads").path], in: fixture.root
    )
    #expect(symbols.status == 0, "\(symbols.stderr)")
    let malloc = symbols.stdout.split(separator: "\n").map { $0.split(separator: " ") }.filter {
      $0.last == "malloc"
    }
    #expect(malloc.count == 1 && malloc[0].count == 8 && malloc[0][6] != "UND", "\(malloc)")

    // In a mount namespace of its own, the toolchain's folder and every libgit2 library are hidden.
    // The toolchain: the folder above the `usr/bin` that holds the `swift` on PATH.
    let swift = try #require(
      (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
        URL(fileURLWithPath: String($0)).appendingPathComponent("swift")
      }.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    let toolchain = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    try #require(toolchain.hasPrefix("/") && !["/", "/usr", "/tmp"].contains(toolchain), "\(toolchain)")
    let empty = fixture.root.appendingPathComponent("empty-library")
    try Data().write(to: empty)
    let hidden = """
      set -e
      mount -t tmpfs tmpfs "$TOOLCHAIN"
      for library in /usr/lib/*/libgit2.so* /lib/*/libgit2.so*; do
        [ -e "$library" ] && mount --bind "$EMPTY" "$library"
      done
      if "$SOURCE_BUILT" --version >/dev/null 2>&1; then echo "the source build still runs"; exit 3; fi
      exec "$LEADS" "$@"
      """
    func isolated(_ arguments: [String]) throws -> Run {
      try run(
        "/usr/bin/unshare", ["--mount", "/bin/sh", "-c", hidden, "sh"] + arguments, in: fixture.root,
        environment: [
          "TOOLCHAIN": toolchain, "EMPTY": empty.path, "SOURCE_BUILT": leadsExecutable,
          "LEADS": top.appendingPathComponent("bin/leads").path, "LD_LIBRARY_PATH": "",
        ])
    }
    let version = try isolated(["--version"])
    #expect(version.status == 0, "\(version.stdout)\(version.stderr)")
    #expect(name.contains("-\(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines))-linux-"))
    let lint = try isolated(["lint", "--now", "2026-02-01"])
    #expect(lint.status == 1, "\(lint.stdout)\(lint.stderr)")
    #expect(lint.stdout.contains("registry/services/broken.md:3:7: error: no person 'zed'"), "\(lint.stdout)")
    let show = try isolated(["show", "--now", "2026-02-01"])
    #expect(show.status == 0 && show.stdout.contains("checkout"), "\(show.stdout)\(show.stderr)")

    // The release's libgit2 inflates pack objects with libdeflate (scripts/patches/); the source build's is
    // the distribution's, with zlib. On the same packed history — objects stored as chains of deltas — both
    // must read the same commits, trees and files.
    for day in 11...30 {
      try fixture.write(
        "registry/services/checkout.md",
        try String(
          contentsOf: fixture.root.appendingPathComponent("registry/services/checkout.md"), encoding: .utf8)
          + "\nNotes of day \(day).\n")
      try fixture.write(
        "services/checkout/day\(day % 4).txt", String(repeating: "line \(day)\n", count: day * 40))
      try fixture.commit(
        "day \(day)", by: day % 2 == 0 ? "Anna <anna@example.com>" : "Ben <ben@example.com>",
        on: "2026-01-\(day)")
    }
    let repack = try run(
      "/usr/bin/git", ["repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50"], in: fixture.root)
    #expect(repack.status == 0, "\(repack.stderr)")
    let objects = try run("/usr/bin/git", ["count-objects", "-v"], in: fixture.root)
    #expect(objects.stdout.contains("count: 0") && objects.stdout.contains("packs: 1"), "\(objects.stdout)")
    let release = top.appendingPathComponent("bin/leads").path
    for arguments in [
      ["lint", "--no-cache", "--now", "2026-02-01", "--format", "json"],
      ["show", "--no-cache", "--now", "2026-02-01"],
      ["log", "--no-cache", "--now", "2026-02-01"],
    ] {
      let fromRelease = try run(release, arguments, in: fixture.root)
      let fromSource = try run(leadsExecutable, arguments, in: fixture.root)
      #expect(
        fromRelease.stdout.contains("checkout"), "\(arguments): \(fromRelease.stdout)\(fromRelease.stderr)")
      #expect(fromRelease.status == fromSource.status, "\(arguments): \(fromRelease.stderr)")
      #expect(fromRelease.stdout == fromSource.stdout, "\(arguments)")
    }

    // Damaged objects: libdeflate refuses them and zlib, which the patch falls back to, names the damage as
    // the distribution's libgit2 does — the same error and status from both builds, and no crash.
    let packs = fixture.root.appendingPathComponent(".git/objects/pack")
    let pack = try #require(
      try FileManager.default.contentsOfDirectory(atPath: packs.path).first { $0.hasSuffix(".pack") })
    let packURL = packs.appendingPathComponent(pack)
    var bytes = [UInt8](try Data(contentsOf: packURL))
    for offset in stride(from: 12, to: bytes.count - 20, by: 97) { bytes[offset] ^= 0x5A }
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packURL.path)
    try Data(bytes).write(to: packURL)
    let damagedRelease = try run(release, ["lint", "--no-cache", "--now", "2026-02-01"], in: fixture.root)
    let damagedSource = try run(
      leadsExecutable, ["lint", "--no-cache", "--now", "2026-02-01"], in: fixture.root)
    #expect(damagedRelease.status == 2, "\(damagedRelease.stdout)\(damagedRelease.stderr)")
    #expect(damagedRelease.stderr.contains("cannot read"), "\(damagedRelease.stderr)")
    #expect(damagedRelease.status == damagedSource.status && damagedRelease.stderr == damagedSource.stderr)

    // scripts/install installs from the archive, checksum checked, nothing compiled.
    let prefix = fixture.root.appendingPathComponent("prefix")
    let script = PreCommitFrameworkTests.projectRoot.appendingPathComponent("scripts/install").path
    let install = try run(script, ["--archive", archive.path, prefix.path], in: fixture.root)
    #expect(install.status == 0, "\(install.stderr)")
    let installed = try run(prefix.appendingPathComponent("bin/leads").path, ["--version"], in: fixture.root)
    #expect(installed.stdout == version.stdout)
    #expect(
      FileManager.default.fileExists(atPath: prefix.appendingPathComponent("share/man/man1/leads.1").path))
  }
}
