import Foundation

/// One sentence for any error, for a `leads:` line: Foundation's file errors become the path and the system's
/// reason (`/x/y: Permission denied`), never `NSCocoaErrorDomain` codes or a dump of their user info.
public func sentence(for error: Error) -> String {
  if !isFoundation(error) { return "\(error)" }
  let nsError = error as NSError
  let path =
    (nsError.userInfo[NSFilePathErrorKey] as? String)
    ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
  var code: Int32?
  if nsError.domain == NSPOSIXErrorDomain {
    code = Int32(nsError.code)
  } else if let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }),
    underlying.domain == NSPOSIXErrorDomain
  {
    code = Int32(underlying.code)
  } else if nsError.domain == NSCocoaErrorDomain {
    switch CocoaError.Code(rawValue: nsError.code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: code = ENOENT
    case .fileReadNoPermission, .fileWriteNoPermission: code = EACCES
    case .fileWriteOutOfSpace: code = ENOSPC
    case .fileWriteFileExists: code = EEXIST
    case .fileWriteVolumeReadOnly: code = EROFS
    default: break
    }
  }
  let reason = code.map { String(cString: strerror($0)) } ?? "a file operation failed"
  return path.map { "\($0): \(reason)" } ?? reason
}

private func isFoundation(_ error: Error) -> Bool {
  error is CocoaError || error is POSIXError || type(of: error) is NSError.Type
}
