/** The planning week as the API returns it (shared by the page and its panels). */
export interface WeekVisit {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  durationMinutes: number;
  status: string;
  crew: string;
  place: string;
  person: { id: string; name: string; communeName: string | null };
  visitors: { id: string; name: string; role: string }[];
}

export interface Week {
  localServiceId: string;
  weekStart: string;
  days: { date: string; closedReason: string | null }[];
  pairs: { id: string; label: string; memberIds: string[] }[];
  visitors: { id: string; name: string }[];
  visits: WeekVisit[];
  cancelledCount: number;
  lastRunId: string | null;
}
