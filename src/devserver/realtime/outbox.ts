/**
 * Sends a socket's frames in order, optionally late. With the latency fault every frame is
 * held for `latencyMs`, but never overtakes an earlier one: each frame is due no sooner than
 * the one before it, so replies, pushes and heartbeats keep the order Phoenix relies on.
 */
export class Outbox {
  #queue: { due: number; data: string | Buffer }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #write: (data: string | Buffer) => void;

  constructor(write: (data: string | Buffer) => void) {
    this.#write = write;
  }

  send(data: string | Buffer, latencyMs: number): void {
    if (this.#closed) return;
    if (latencyMs <= 0 && this.#queue.length === 0) {
      this.#write(data);
      return;
    }
    const last = this.#queue[this.#queue.length - 1];
    const due = Math.max(Date.now() + latencyMs, last?.due ?? 0);
    this.#queue.push({ due, data });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer || this.#queue.length === 0) return;
    const wait = Math.max(0, this.#queue[0]!.due - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const now = Date.now();
      while (this.#queue.length > 0 && this.#queue[0]!.due <= now) this.#write(this.#queue.shift()!.data);
      this.#schedule();
    }, wait);
  }

  /** Drops pending frames and the timer (the socket is gone). */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
