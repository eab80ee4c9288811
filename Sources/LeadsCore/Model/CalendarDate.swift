/// A UTC calendar date (`YYYY-MM-DD`), validated against the Gregorian calendar.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, Encodable {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date when the components name a real day.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Why `text` is not a date, in words a person can act on; nil when it is one.
  public static func problem(with text: String) -> String? {
    if CalendarDate(text) != nil { return nil }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      let year = Int(parts[0]), let month = Int(parts[1])
    else { return "'\(text)' is not a date; write YYYY-MM-DD" }
    if !(1...12).contains(month) { return "'\(text)' has no month \(month)" }
    if year < 1 { return "'\(text)' has no year 0" }
    let last = daysIn(month: month, year: year)
    return "'\(text)' is not a day: \(monthNames[month - 1]) \(year) has \(last) days"
  }

  public static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  private static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// 0001-01-01 and 9999-12-31, as days since 1970-01-01: dates outside are clamped to them.
  static let earliestDay = -719_162
  static let latestDay = 2_932_896

  /// The date `days` days after 1970-01-01 (clamped to years 1 to 9999).
  public init(daysSinceEpoch requested: Int) {
    let days = min(max(requested, CalendarDate.earliestDay), CalendarDate.latestDay)
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  /// The UTC date of a Unix timestamp.
  public init(unixTime seconds: Int64) {
    // Floor division without overflow, whatever the time (a commit may say anything).
    let days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0)
    self.init(daysSinceEpoch: Int(days))
  }

  /// Encoded as its text, `YYYY-MM-DD`.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
