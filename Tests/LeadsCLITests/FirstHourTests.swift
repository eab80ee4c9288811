import Foundation
import Testing

/// What someone new to leads meets in their first hour: every mistake gets the next command to type.
struct FirstHourTests {
  @Test func aMistypedCommandGetsTheCommandItWasMeantToBe() throws {
    let fixture = try Fixture()
    let mistyped = try fixture.leads(["lnit"])
    #expect(mistyped.status == 2)
    #expect(mistyped.stderr.contains("no command 'lnit'; did you mean 'leads init'?"))
    // A word nothing is close to still gets the parser's own usage error, not a guess.
    let unknown = try fixture.leads(["zzzzzzzz"])
    #expect(unknown.status == 2)
    #expect(!unknown.stderr.contains("did you mean"))
  }

  @Test func aRepositoryWithoutARegistryIsToldHowToStartOne() throws {
    let fixture = try Fixture()
    try fixture.write("README.md", "# Project\n")
    try fixture.commit("start")
    let lint = try fixture.leads(["lint"])
    #expect(lint.status == 2)
    #expect(lint.stderr.contains("`leads init`"), "\(lint.stderr)")
    #expect(lint.stderr.contains("`leads import codeowners`"))
    #expect(lint.stderr.contains("`leads import owners`"))
  }

  @Test func oneRuleIsOneRuleAndAnUnknownPostEndsWithAHint() throws {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "print(1)\n")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: '@anna'\nbackup: ['@andy']\npaths: [/services/checkout/]\n---\n")
    try fixture.commit("registry")
    let written = try fixture.leads(["codeowners", "--write"])
    #expect(written.stdout.contains("(1 rule)") || written.stderr.contains("(1 rule)"), "\(written)")
    let far = try fixture.leads(["rotate", "zzzzzzzz", "--to", "@andy"])
    #expect(far.status != 0)
    #expect(
      far.stderr.contains("no service or initiative 'zzzzzzzz'; `leads show` lists them"), "\(far.stderr)")
    let near = try fixture.leads(["rotate", "chekout", "--to", "@andy"])
    #expect(near.stderr.contains("no service or initiative 'chekout'; did you mean 'checkout'?"))
    #expect(!near.stderr.contains("lists them"))
  }

  @Test func whoAnswersEveryPathItCanAndReadsCodeownersFromACommit() throws {
    let fixture = try Fixture()
    try fixture.write("src/app.go", "package app\n")
    try fixture.write(".github/CODEOWNERS", "* @old-team\n/src/ @go-team\n")
    try fixture.commit("routing by hand")
    try fixture.write(".github/CODEOWNERS", "* @new-team\n")
    try fixture.commit("routing replaced")
    let mixed = try fixture.leads([
      "who", "--codeowners", ".github/CODEOWNERS", "src/app.go", "../outside", "README",
    ])
    #expect(mixed.status == 2)
    #expect(mixed.stdout.contains("src/app.go  @new-team"), "\(mixed.stdout)")
    #expect(mixed.stdout.contains("README  @new-team"))
    #expect(mixed.stderr.contains("'../outside' is outside the repository"), "\(mixed.stderr)")
    let before = try fixture.leads(["who", "--rev", "HEAD~1", "src/app.go"])
    #expect(before.status == 0, "\(before.stderr)")
    #expect(before.stdout.contains("src/app.go  @go-team  [/src/ on line 2]"), "\(before.stdout)")
    let named = try fixture.leads(["who", "--rev", "HEAD~1", "--codeowners", ".github/CODEOWNERS", "README"])
    #expect(named.stdout.contains("README  @old-team"), "\(named.stdout)")
    let unknown = try fixture.leads(["who", "--rev", "no-such-branch", "src/app.go"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("no commit 'no-such-branch'"))
    let missing = try fixture.leads(["who", "--rev", "HEAD~1", "--codeowners", "CODEOWNERS", "README"])
    #expect(missing.stderr.contains("CODEOWNERS does not exist at 'HEAD~1'"), "\(missing.stderr)")
  }
}
