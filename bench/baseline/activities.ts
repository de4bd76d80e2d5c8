// The baseline's activity: does nothing, so what is measured is Temporal's own round trip.
export const baselineActivities = {
  async noop(i: number): Promise<number> {
    return i;
  },
};
export type BaselineActivities = typeof baselineActivities;
