/// A max-heap of commits by commit time: the order `git log` shows a history in. Commits still queued are
/// freed with the queue, however the walk that fills it ends.
struct CommitQueue {
  private var heap: [OwnedCommit] = []

  mutating func push(_ commit: OwnedCommit) {
    heap.append(commit)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].time > heap[parent].time else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> OwnedCommit? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var largest = parent
      if left < heap.count, heap[left].time > heap[largest].time { largest = left }
      if right < heap.count, heap[right].time > heap[largest].time { largest = right }
      guard largest != parent else { break }
      heap.swapAt(parent, largest)
      parent = largest
    }
    return top
  }
}
