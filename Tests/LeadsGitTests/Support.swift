import Foundation

/// Writes `text` at `path` inside `folder`, creating the folders on the way.
func writeFile(_ folder: String, _ path: String, _ text: String) throws {
  let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(text.utf8).write(to: url)
}
