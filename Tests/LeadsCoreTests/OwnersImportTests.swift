import Testing

@testable import LeadsCore

/// What `leads import owners` makes of folder names and owners the registry must not take as written.
struct OwnersImportTests {
  @Test func folderNamesAreEscapedOwnersCheckedAndCaseVariantsFolded() {
    let plan = OwnersImport(
      owners: [
        ("a*b/OWNERS", "approvers: [Foo, bar]\n"),
        ("x y/OWNERS", "approvers: [foo]\nreviewers: ['not ok']\n"),
        ("c[d]/OWNERS", "approvers: [baz]\n"), ("e/OWNERS", "approvers: ['bad handle', FOO]\n"),
      ], aliases: nil)
    #expect(
      plan.services.flatMap(\.patterns).sorted() == ["/a\\*b/", "/e/", "/x\\ y/"],
      "\(plan.services.map(\.patterns))")
    #expect(
      plan.services.first { $0.folder == "e" }?.lead == "@Foo", "one valid approver leads: \(plan.services)")
    #expect(
      plan.people.map(\.handle).sorted() == ["@Foo", "@bar", "@baz"], "one person for Foo, foo and FOO")
    #expect(
      plan.problems.contains { $0.path == "c[d]/OWNERS" && $0.message.contains("cannot match literally") })
    #expect(
      plan.problems.contains { $0.path == "e/OWNERS" && $0.message.contains("'bad handle' is not a valid") })
    #expect(plan.problems.contains { $0.path == "x y/OWNERS" && $0.message.contains("'not ok'") })
    // The written registry lints without pattern errors, and each pattern matches its folder's files.
    let tracked = ["a*b/main.go", "x y/main.go", "e/main.go", "c[d]/main.go", "aXb/other.go"]
    let result = Linter.lint(
      LintInput(
        files: plan.files.map { RegistryFile(path: $0.path, content: .bytes(Array($0.text.utf8))) },
        trackedFiles: PathTable(tracked + plan.files.map(\.path))))
    let patternFindings = result.diagnostics.filter {
      [.invalidPattern, .unmatchedPattern, .patternEscapesRepository].contains($0.rule)
    }
    #expect(patternFindings.isEmpty, "\(patternFindings.map(\.message))")
    let owned = CodeownersView(registry: result.registry).routing
    #expect(owned.owners(of: "aXb/other.go").isEmpty, "a star in a folder name is not a wildcard")
    #expect(owned.owners(of: "a*b/main.go") == ["@Foo", "@bar"])
  }
}
