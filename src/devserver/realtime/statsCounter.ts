/** Frame and join counters since start; the channel list is computed from the live topic registry. */
export class StatsCounter {
  joins = 0;
  leaves = 0;
  framesIn = 0;
  framesOut = 0;
}
