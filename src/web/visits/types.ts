/** A visit of the visitor's day as the API returns it. */
export interface DayVisit {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  durationMinutes: number;
  place: string;
  status: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  person: {
    id: string;
    name: string;
    address: string;
    phones: { number: string; label?: string | null }[];
    accessNotes: string | null;
    location: { lat: number; lon: number } | null;
    emergencyContacts: { name: string; phone: string | null; relationship: string }[];
  };
  partners: { id: string; name: string; phone: string | null; role: string }[];
  report: { outcome: string; clientId: string } | null;
}
