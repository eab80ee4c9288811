/// A length of time written in a registry, such as `90 days` or `18 months`.
public struct Period: Hashable, Sendable, CustomStringConvertible {
  public enum Unit: String, CaseIterable, Sendable {
    case day, week, month, year
  }

  public let count: Int
  public let unit: Unit

  public init(_ count: Int, _ unit: Unit) {
    self.count = count
    self.unit = unit
  }

  /// Parses `N unit` (`unit` singular or plural: day, week, month, year).
  public static func parse(_ text: String) -> Result<Period, PeriodError> {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard let first = words.first, !first.isEmpty else { return .failure(.empty) }
    guard let count = Int(first), first.allSatisfy(\.isASCIIDigit) else {
      return .failure(.notANumber(String(first)))
    }
    guard words.count == 2 else {
      return .failure(words.count == 1 ? .missingUnit(count) : .tooManyWords(text))
    }
    var unitWord = words[1].lowercased()
    if unitWord.hasSuffix("s") { unitWord.removeLast() }
    guard let unit = Unit(rawValue: unitWord) else { return .failure(.unknownUnit(String(words[1]))) }
    guard count > 0 else { return .failure(.notPositive) }
    guard count <= 100 * 366 else { return .failure(.tooLong) }
    return .success(Period(count, unit))
  }

  /// The day count used when a period is compared with a day count: months are 30 days, years 365.
  public var approximateDays: Int {
    switch unit {
    case .day: return count
    case .week: return count * 7
    case .month: return count * 30
    case .year: return count * 365
    }
  }

  /// The date `self` before `date`, with calendar months and years (clamped to the month's end).
  public func before(_ date: CalendarDate) -> CalendarDate {
    switch unit {
    case .day: return CalendarDate(daysSinceEpoch: date.daysSinceEpoch - count)
    case .week: return CalendarDate(daysSinceEpoch: date.daysSinceEpoch - 7 * count)
    case .month, .year:
      let months = unit == .month ? count : 12 * count
      let total = date.year * 12 + (date.month - 1) - months
      // Before year 1 (a period of centuries): the earliest date there is.
      guard total >= 12 else { return CalendarDate(year: 1, month: 1, day: 1)! }
      let year = total / 12
      let month = total % 12 + 1
      let day = min(date.day, CalendarDate.daysIn(month: month, year: year))
      return CalendarDate(year: year, month: month, day: day)!
    }
  }

  /// The date `self` after `date`, with calendar months and years (clamped to the month's end).
  public func after(_ date: CalendarDate) -> CalendarDate {
    switch unit {
    case .day: return CalendarDate(daysSinceEpoch: date.daysSinceEpoch + count)
    case .week: return CalendarDate(daysSinceEpoch: date.daysSinceEpoch + 7 * count)
    case .month, .year:
      let months = unit == .month ? count : 12 * count
      let total = date.year * 12 + (date.month - 1) + months
      let year = min(9999, total / 12)
      let month = total % 12 + 1
      return CalendarDate(
        year: year, month: month, day: min(date.day, CalendarDate.daysIn(month: month, year: year)))!
    }
  }

  public var description: String { "\(count) \(unit.rawValue)\(count == 1 ? "" : "s")" }
}

/// Why a period could not be read.
public enum PeriodError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case notANumber(String)
  case missingUnit(Int)
  case unknownUnit(String)
  case tooManyWords(String)
  case notPositive
  case tooLong

  public var description: String {
    switch self {
    case .empty: return "a period is empty; write a number and a unit, like '90 days'"
    case .notANumber(let word):
      return "'\(word)' is not a whole number; write a number and a unit, like '90 days'"
    case .missingUnit(let count):
      return
        "'\(count)' has no unit; write '\(count) days', '\(count) weeks', '\(count) months' or '\(count) years'"
    case .unknownUnit(let word): return "'\(word)' is not a unit; use days, weeks, months or years"
    case .tooManyWords(let text):
      return "'\(text)' is not a period; write a number and a unit, like '90 days'"
    case .notPositive: return "a period must be longer than zero"
    case .tooLong: return "a period must be at most 100 years"
    }
  }
}
