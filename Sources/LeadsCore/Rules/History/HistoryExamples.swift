/// The small team the history rule examples share: Anna leads checkout with Andy as backup.
enum HistoryExamples {
  static let anna = ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
  static let andy = ("registry/people/andy.md", "---\nkind: person\nemails: [andy@example.com]\n---\n")

  static func checkout(lead: String = "anna", backup: String = "[andy]", extra: String = "") -> (
    String, String
  ) {
    (
      "registry/checkout.md",
      "---\nkind: service\nlead: \(lead)\nbackup: \(backup)\npaths: [/services/checkout/]\n\(extra)---\n"
    )
  }

  static func team(_ checkout: (String, String) = checkout()) -> [(String, String)] {
    [checkout, anna, andy]
  }
}
