import Foundation
import Testing

@testable import LeadsKit

/// Errors reach people as one plain sentence: Foundation's file errors as the path and the system's reason.
struct ErrorSentenceTests {
  @Test func foundationFileErrorsBecomeAPathAndAReason() throws {
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-missing-\(UUID().uuidString)/x")
    do {
      _ = try Data(contentsOf: missing)
      Issue.record("reading a missing file succeeded")
    } catch {
      let text = sentence(for: error)
      #expect(text == "\(missing.path): No such file or directory", "\(text)")
      #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("UserInfo"))
    }
    #expect(sentence(for: POSIXError(.EACCES)) == "Permission denied")
    struct Plain: Error, CustomStringConvertible { var description: String { "said plainly" } }
    #expect(sentence(for: Plain()) == "said plainly")
  }
}
