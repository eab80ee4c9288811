import Foundation
import Testing

/// Who is who: people known only by a forge handle are recognised by what history links to the handle, and
/// nobody is told they authored nothing when leads cannot see their commits.
struct IdentityTests {
  static let anna = "Anna <anna@example.com>"

  /// Checkout: Anna leads, Ari (a person file with a handle only) backs up; search: led by '@bo', who has no
  /// person file at all.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("services/search/main.swift", "1\n")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [ari]\npaths: [/services/checkout/]\n---\n")
    try fixture.write(
      "registry/search.md",
      "---\nkind: service\nlead: '@bo'\nbackup: [anna]\npaths: [/services/search/]\n---\n")
    try fixture.write("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
    try fixture.write("registry/people/ari.md", "---\nkind: person\nname: Ari\nhandle: '@ari'\n---\n")
    try fixture.commit("registry", by: anna, on: "2025-01-10")
    return fixture
  }

  @Test func handlesAreLinkedByNoReplyAddressesAndUnseenPeopleAreNotAccused() throws {
    let fixture = try IdentityTests.repository()
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("work", by: IdentityTests.anna, on: "2025-05-20")
    // Nobody can see Ari or Bo yet: no stale-owner, no forgotten-lead, one finding each saying what to add.
    let unseen = try historyFindings(fixture, now: "2025-06-01")
    #expect(
      !unseen.contains("stale-owner checkout") && !unseen.contains("forgotten-lead search"), "\(unseen)")
    #expect(unseen.contains("unseen-person ari") && unseen.contains("unseen-person search"), "\(unseen)")
    let text = try fixture.leads(["lint", "--now", "2025-06-01"])
    #expect(
      text.stdout.contains(
        "registry/people/ari.md:4:1: warning: leads cannot see the commits of 'ari': no address in registry/people/ari.md and none linked to @ari by the commits since 2025-03-03"
      ), "\(text.stdout)")
    #expect(!text.stdout.contains("authored no commit"), "\(text.stdout)")
    let shown = try fixture.leads(["show", "--now", "2025-06-01"])
    #expect(shown.stdout.contains("unknown (no address)"), "\(shown.stdout)")
    #expect(try show(fixture, now: "2025-06-01")["search"]?["lead_seen"] as? Bool == false)

    // A commit from each one's GitHub no-reply address (both spellings) links them: both are active.
    try fixture.write("services/search/main.swift", "2\n")
    try fixture.commit("search work", by: "Bo <4711+Bo@users.noreply.github.com>", on: "2025-05-25")
    try fixture.write("docs/ari.md", "ari\n")
    try fixture.commit("docs", by: "Ari <ari@users.noreply.github.com>", on: "2025-04-01")
    let linked = try historyFindings(fixture, now: "2025-06-01")
    #expect(!linked.contains { $0.hasPrefix("unseen-person") }, "\(linked)")
    #expect(!linked.contains("forgotten-lead search"), "\(linked)")
    #expect(!linked.contains("stale-owner search") && !linked.contains("stale-owner checkout"), "\(linked)")
    // Seen through her no-reply address, and silent for 90 days: now she is stale like anyone leads can see.
    let later = try historyFindings(fixture, now: "2025-07-15")
    #expect(later.contains("unseen-person ari"), "her only linked commit left the window: \(later)")
    #expect(!later.contains("stale-owner checkout"))
    let entries = try show(fixture, now: "2025-06-01")
    #expect(entries["search"]?["last_activity"] as? String == "2025-05-25")
    #expect(entries["search"]?["lead_seen"] as? Bool == true)
  }
}
