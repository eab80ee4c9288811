import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Work spread over the machine's cores, with results in the order a loop would give them: the registry's
/// files are parsed, and its rules run, side by side. Threads are started directly, and a thread the system
/// refuses (a process limit, `RLIMIT_NPROC`) only means the work runs in the thread that asked for it, never
/// a wait. `LEADS_THREADS=1` keeps everything on one thread.
public enum Concurrently {
  /// How many threads share the work of one `map`.
  static let threads: Int = {
    // (`getenv` and `sysconf`: ProcessInfo copies the whole environment to answer.)
    if let value = getenv("LEADS_THREADS"), String(cString: value) == "1" { return 1 }
    return max(1, min(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 8))
  }()

  /// `transform` of each index below `count`, in order.
  public static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard threads > 1, count > 1 else { return (0..<count).map(transform) }
    return withoutActuallyEscaping(transform) { transform in
      let slots = Slots<T>(count)
      let next = Counter()
      let work: @Sendable () -> Void = {
        while let index = next.take(below: count) { slots.set(index, transform(index)) }
      }
      // The helpers are joined before this returns: `transform` does not outlive the call.
      let helpers = (1..<min(threads, count)).compactMap { _ in start(work) }
      work()
      for helper in helpers { pthread_join(helper, nil) }
      return slots.values
    }
  }

  /// Starts `work` on another thread; `join` waits for it and gives its result (computed by `join` itself
  /// when no thread could be started).
  public final class Pending<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private var thread: pthread_t?
    private let work: @Sendable () -> T

    public init(_ work: @escaping @Sendable () -> T) {
      self.work = work
      guard Concurrently.threads > 1 else { return }
      thread = Concurrently.start { [self] in result = work() }
    }

    public func join() -> T {
      guard let thread else { return work() }
      pthread_join(thread, nil)
      return result!
    }
  }

  /// A thread running `body`, or nil when the system would not start one.
  private static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t?
    #endif
    let status = pthread_create(
      &thread, nil,
      { raw in
        Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
      }, box)
    guard status == 0 else {
      Unmanaged<Body>.fromOpaque(box).release()
      return nil
    }
    #if canImport(Glibc)
      return thread
    #else
      return thread!
    #endif
  }

  private final class Body: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }

  /// The next index to work on, handed out once each.
  private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < count else { return nil }
      next += 1
      return next - 1
    }
  }

  /// One slot per index, each written by one thread only.
  private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(_ count: Int) {
      self.count = count
      storage = UnsafeMutablePointer<T?>.allocate(capacity: count)
      storage.initialize(repeating: nil, count: count)
    }

    deinit {
      storage.deinitialize(count: count)
      storage.deallocate()
    }

    func set(_ index: Int, _ value: T) { storage[index] = value }

    var values: [T] { (0..<count).map { storage[$0]! } }
  }
}
