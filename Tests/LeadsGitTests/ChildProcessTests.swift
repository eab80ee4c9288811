import Foundation
import Testing

@testable import LeadsGit

/// The one way leads runs another program: what it reads and writes, its exit status, and a deadline that
/// kills it rather than waiting forever.
struct ChildProcessTests {
  @Test func inputOutputAndStatusArePassedThrough() throws {
    let version = try ChildProcess.run(.git, ["--version"], what: "git --version")
    #expect(String(decoding: version, as: UTF8.self).hasPrefix("git version "))
    // Standard input from bytes: the blob id git computes for "x\n" is well known.
    let hashed = try ChildProcess.run(
      .git, ["hash-object", "--stdin"], input: Array("x\n".utf8), what: "git hash-object")
    #expect(String(decoding: hashed, as: UTF8.self) == "587be6b4c3f93f93c489c0111bba5596147a26cb\n")
    // A failure carries the program's status and its own words.
    let child = try ChildProcess(.git, ["--git-dir=/nonexistent-leads", "rev-parse", "HEAD"])
    guard case .exited(let status, _, let errors) = child.wait() else {
      Issue.record("git did not exit")
      return
    }
    #expect(status == 128)
    #expect(String(decoding: errors, as: UTF8.self).contains("not a git repository"))
    #expect(throws: ChildProcessError.self) {
      _ = try ChildProcess.run(
        .git, ["--git-dir=/nonexistent-leads", "rev-parse", "HEAD"], what: "git rev-parse")
    }
  }

  @Test func aChildThatOutlastsItsDeadlineIsKilled() throws {
    let started = Date()
    let child = try ChildProcess(.git, ["-c", "alias.wait=!sleep 30", "wait"])
    guard case .timedOut = child.wait(milliseconds: 300) else {
      Issue.record("the child was not stopped at its deadline")
      return
    }
    #expect(Date().timeIntervalSince(started) < 10)
  }

  @Test func aChildNobodyWaitsForIsKilledWithItsValue() throws {
    var child: ChildProcess? = try ChildProcess(.git, ["-c", "alias.wait=!sleep 30", "wait"])
    let started = Date()
    child = nil  // the caller gave up (an error elsewhere): the child goes with it, at once
    #expect(child == nil && Date().timeIntervalSince(started) < 10)
  }

  @Test func programsAreFoundOnThePathAsGiven() {
    #expect(ChildProcess.onPath("git", path: "/nonexistent-leads-bin:relative/bin") == nil)
    #expect(ChildProcess.onPath("git", path: "/nonexistent-leads-bin:/usr/bin") == "/usr/bin/git")
  }
}
