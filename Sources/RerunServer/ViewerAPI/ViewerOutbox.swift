/// Outgoing frames of one connection, written by a single writer task: responses in order (the
/// request handler waits until its response was handed to the socket), and pushes coalesced per
/// kind — a newer push of a kind replaces an unsent older one, so a slow browser costs at most
/// one pending frame per kind. Senders of pushes may wait until theirs was written (or replaced),
/// which lets the pusher time its rate limit from the socket, not from its own clock.
actor ViewerOutbox {
    /// A frame to write and, for responses, who waits for it.
    struct Item: Sendable {
        var frame: [UInt8]
        var written: CheckedContinuation<Void, Never>?
    }

    private var responses: [Item] = []
    private var pushes: [String: Item] = [:]
    private var pushOrder: [String] = []
    private var writer: CheckedContinuation<Item?, Never>?
    private var closed = false

    /// Queues a response and waits until the writer has sent it (or the outbox closed).
    func respond(_ frame: [UInt8]) async {
        guard !closed else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            deliver(Item(frame: frame, written: continuation))
        }
    }

    /// Sets the newest push of `kind` (replacing an unsent older one) and waits until it was
    /// written or replaced (or the outbox closed).
    func push(kind: String, frame: [UInt8]) async {
        guard !closed else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let item = Item(frame: frame, written: continuation)
            if let writer {
                self.writer = nil
                writer.resume(returning: item)
                return
            }
            if let older = pushes.updateValue(item, forKey: kind) {
                older.written?.resume()
            } else {
                pushOrder.append(kind)
            }
        }
    }

    private func deliver(_ item: Item) {
        if let writer {
            self.writer = nil
            writer.resume(returning: item)
        } else {
            responses.append(item)
        }
    }

    /// The next frame to write (responses first), waiting while there is none; `nil` once closed.
    func next() async -> Item? {
        if !responses.isEmpty { return responses.removeFirst() }
        if !pushOrder.isEmpty {
            let kind = pushOrder.removeFirst()
            return pushes.removeValue(forKey: kind)
        }
        if closed { return nil }
        return await withCheckedContinuation { writer = $0 }
    }

    /// The number of unsent push frames (at most one per kind).
    var pendingPushes: Int { pushes.count }

    /// Stops the outbox: waiting responders and the writer are released; later frames are dropped.
    func close() {
        closed = true
        writer?.resume(returning: nil)
        writer = nil
        for item in responses { item.written?.resume() }
        for item in pushes.values { item.written?.resume() }
        responses = []
        pushes = [:]
        pushOrder = []
    }
}
