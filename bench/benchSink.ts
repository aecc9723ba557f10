/** What the benchmark's components report: deliveries, renders and per-component channel status. */
export class BenchSink {
  delivered = 0;
  renders = 0;
  badgeRenders = 0;
  /** Latest realtime-js status per raw component (`SUBSCRIBED`, `CHANNEL_ERROR`, …). */
  readonly rawStatus = new Map<string, string>();
  readonly onChange = (_payload?: unknown): void => {
    this.delivered++;
  };
  /** Called while a subscriber component renders (render counting is the point here). */
  countRender(): void {
    this.renders++;
  }
  countBadgeRender(): void {
    this.badgeRenders++;
  }
  countStatus(status: string): number {
    let n = 0;
    for (const s of this.rawStatus.values()) if (s === status) n++;
    return n;
  }
}
