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
}
