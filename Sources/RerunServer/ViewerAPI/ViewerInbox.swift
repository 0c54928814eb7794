/// A bounded first-in first-out queue between the socket reader and the request handler: the
/// reader waits while it is full, so a client that floods requests is slowed by TCP instead of
/// buffered in memory. One producer and one consumer.
actor ViewerInbox<Element: Sendable> {
    private var items: [Element] = []
    private let capacity: Int
    private var consumer: CheckedContinuation<Element?, Never>?
    private var producers: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `element`, waiting while the queue is full; `false` if the queue was closed.
    func push(_ element: Element) async -> Bool {
        while items.count >= capacity && !closed {
            await withCheckedContinuation { producers.append($0) }
        }
        guard !closed else { return false }
        if let consumer {
            self.consumer = nil
            consumer.resume(returning: element)
        } else {
            items.append(element)
        }
        return true
    }

    /// The next element, waiting while the queue is empty; `nil` once closed and drained.
    func pop() async -> Element? {
        if !items.isEmpty {
            let element = items.removeFirst()
            if !producers.isEmpty { producers.removeFirst().resume() }
            return element
        }
        if closed { return nil }
        return await withCheckedContinuation { consumer = $0 }
    }

    /// Ends the queue: waiting producers return `false`; the consumer drains what is left.
    func close() {
        closed = true
        consumer?.resume(returning: nil)
        consumer = nil
        for producer in producers { producer.resume() }
        producers = []
    }
}
