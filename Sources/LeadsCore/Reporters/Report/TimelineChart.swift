/// The report's tenure timeline as inline SVG: one row per post, a bar per lead run from the oldest start to
/// a little past today, year lines, today, rotation due dates and unconfirmed handoffs marked. Every mark has
/// a `<title>` (a tooltip, and what a screen reader says); the runs table beside it is the text alternative.
struct TimelineChart {
  let report: LeadershipReport
  let width = 1000
  let labelWidth = 180
  let rightPad = 20
  let top = 28
  /// Beyond this many posts rows are thin (150 posts in about 2,000 px), without names inside the bars.
  static let compactFrom = 30
  let compact: Bool
  let rowHeight: Int
  let barHeight: Int
  let start: CalendarDate
  let end: CalendarDate
  /// Each lead's colour, by their name in lower case: never the same as another lead of the same team's.
  let colours: [String: String]

  /// Colours readable under white text on light and dark pages.
  static let palette = [
    "#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#bc4c00", "#0550ae", "#6639ba", "#116329",
    "#953800", "#1b7c83", "#a40e26", "#4d2d8f", "#3f6c06", "#7d4e00", "#0a3069",
  ]

  init(report: LeadershipReport) {
    self.report = report
    start = report.start
    let span = max(1, report.now.daysSinceEpoch - report.start.daysSinceEpoch)
    end = CalendarDate(daysSinceEpoch: report.now.daysSinceEpoch + max(30, span / 10))
    compact = report.posts.count > TimelineChart.compactFrom
    rowHeight = compact ? 12 : 26
    barHeight = compact ? 9 : 16
    colours = TimelineChart.colours(report.posts)
  }

  /// Colours by greedy graph colouring: two leads who share a team (posts without a team count as one) get
  /// different colours while the palette lasts; people are taken in natural order, so the result is stable.
  static func colours(_ posts: [LeadershipReport.Post]) -> [String: String] {
    var teams: [String: Set<String>] = [:]
    for post in posts {
      for run in post.runs { teams[post.team ?? "", default: []].insert(run.lead.lowercased()) }
    }
    var neighbours: [String: Set<String>] = [:]
    for members in teams.values {
      for person in members { neighbours[person, default: []].formUnion(members.subtracting([person])) }
    }
    var index: [String: Int] = [:]
    for person in neighbours.keys.sorted(by: NaturalOrder.less) {
      let taken = Set(neighbours[person, default: []].compactMap { index[$0] })
      index[person] = (0..<palette.count).first { !taken.contains($0) } ?? index.count % palette.count
    }
    return index.mapValues { palette[$0] }
  }

  func x(_ day: CalendarDate) -> Int {
    let chart = width - labelWidth - rightPad
    let offset = max(0, min(end.daysSinceEpoch, day.daysSinceEpoch) - start.daysSinceEpoch)
    return labelWidth + offset * chart / max(1, end.daysSinceEpoch - start.daysSinceEpoch)
  }

  func svg() -> String {
    let height = top + max(1, report.posts.count) * rowHeight + 8
    let runs = report.posts.reduce(0) { $0 + $1.runs.count }
    var svg =
      "<svg class=\"timeline\(compact ? " compact" : "")\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
    svg += "aria-labelledby=\"timeline-title timeline-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    svg += "<title id=\"timeline-title\">Tenure timeline</title>\n<desc id=\"timeline-desc\">"
    svg +=
      "\(counted(report.posts.count, "post")) and \(counted(runs, "lead run")) from \(start) to \(report.now); "
    svg += "the table after the chart lists every run.</desc>\n"
    svg += yearLines(height: height)
    for (row, post) in report.posts.enumerated() {
      svg += self.row(post, at: top + row * rowHeight)
    }
    let today = x(report.now)
    svg += "<line class=\"now\" x1=\"\(today)\" x2=\"\(today)\" y1=\"\(top - 6)\" y2=\"\(height - 4)\"/>"
    svg += "<text class=\"label\" x=\"\(today - 3)\" y=\"\(top - 14)\" text-anchor=\"end\">today</text>\n"
    return svg + "</svg>\n"
  }

  /// A line and a label at each new year between the start and the end.
  func yearLines(height: Int) -> String {
    var svg = ""
    let first = start.year + 1
    let last = end.year
    guard first <= last else { return svg }
    let step = max(1, (last - first + 1) / 8)
    for year in stride(from: first, through: last, by: step) {
      guard let day = CalendarDate(year: year, month: 1, day: 1), day < end else { continue }
      let position = x(day)
      svg +=
        "<line class=\"tick\" x1=\"\(position)\" x2=\"\(position)\" y1=\"\(top - 6)\" y2=\"\(height - 4)\"/>"
      svg += "<text class=\"year\" x=\"\(position + 3)\" y=\"\(top - 14)\">\(year)</text>\n"
    }
    return svg
  }

  func row(_ post: LeadershipReport.Post, at y: Int) -> String {
    let escape = HTMLReport.escape
    let shown = post.id.count > 24 ? String(post.id.prefix(23)) + "…" : post.id
    var svg = "<a href=\"#\(HTMLReport.anchor(post.id))\"><text class=\"label\" x=\"\(labelWidth - 8)\" "
    svg +=
      "y=\"\(y + barHeight - (compact ? 1 : 3))\" text-anchor=\"end\">\(escape(shown))<title>\(escape(post.id))</title>"
    svg += "</text></a>\n"
    for run in post.runs {
      let since = run.since
      let until = run.until ?? report.now
      let colour = colours[run.lead.lowercased()] ?? TimelineChart.palette[0]
      let left = x(since)
      let barWidth = max(2, x(until) - left)
      let dates =
        (run.sinceExact ? "" : "≤ ") + run.since.description + " – " + (run.until?.description ?? "now")
      svg += "<g class=\"run\"><rect x=\"\(left)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(barHeight)\" "
      svg += "rx=\"3\" fill=\"\(colour)\"><title>\(escape(post.id)): \(escape(run.lead)), \(dates) "
      svg += "(\(counted(run.days, "day")))</title></rect>"
      if !compact, barWidth > run.lead.count * 6 + 10 {
        svg += "<text x=\"\(left + 4)\" y=\"\(y + barHeight - 4)\">\(escape(run.lead))</text>"
      }
      svg += "</g>\n"
      if run.reviewed == false {
        let (half, tall) = compact ? (3, 5) : (5, 9)
        svg += "<path class=\"unconfirmed\" d=\"M\(left),\(y + barHeight - 2) l\(half),\(tall) "
        svg += "h-\(2 * half) z\"><title>"
        svg +=
          "\(escape(post.id)): handoff to \(escape(run.lead)) on \(run.since) not confirmed by either lead"
        svg += "</title></path>\n"
      }
    }
    if let due = post.rotationDue, due < end {
      let position = x(due)
      let middle = y + barHeight / 2
      let r = compact ? 4 : 6
      svg +=
        "<path class=\"due\(due <= report.now ? " past" : "")\" d=\"M\(position),\(middle - r) l\(r),\(r) "
      svg += "l-\(r),\(r) l-\(r),-\(r) z\"><title>\(escape(post.id)): rotation due \(due)</title></path>\n"
    }
    return svg
  }
}
