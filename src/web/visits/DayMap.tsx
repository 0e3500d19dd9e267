/**
 * The visitor's round on a map: each stop numbered in the order of the day, joined by a line.
 * Leaflet draws markers and lines as vectors, as on the matching screen (ProposalMap), so they
 * show without tiles too (offline, or no tile server). The same stops are listed as text next to
 * the map, with the link to the maps app: the map itself is one image for assistive technologies.
 * Loaded on demand: Leaflet stays out of the visitor's first load.
 */
import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useMapTiles } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import type { Stop } from '../../domain/visits/itinerary.js';

export default function DayMap({ stops }: { stops: Stop[] }) {
  const container = useRef<HTMLDivElement>(null);
  const tiles = useMapTiles();
  const placed = useMemo(() => stops.filter((s) => s.location), [stops]);

  useEffect(() => {
    if (!container.current || placed.length === 0) return;
    const map = L.map(container.current, {
      zoomControl: false,
      attributionControl: false,
      keyboard: false,
    });
    if (tiles.tileUrl)
      L.tileLayer(tiles.tileUrl, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
    const points = placed.map((s) => L.latLng(s.location!.lat, s.location!.lon));
    if (points.length > 1)
      L.polyline(points, { color: '#0b57d0', weight: 3, dashArray: '6 6' }).addTo(map);
    placed.forEach((stop, i) => {
      L.circleMarker(points[i]!, {
        radius: 10,
        color: '#0b57d0',
        fillColor: '#0b57d0',
        fillOpacity: 0.9,
      })
        .bindTooltip(`${stops.indexOf(stop) + 1}`, { permanent: true, direction: 'center' })
        .addTo(map);
    });
    map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 14 });
    return () => {
      map.remove();
    };
  }, [placed, stops, tiles.tileUrl, tiles.attribution]);

  if (placed.length === 0) return null;
  return (
    <figure className="proposal-map day-map">
      <div
        ref={container}
        className="map"
        role="img"
        aria-label={t('today.mapLabel', { count: String(placed.length) })}
      />
      {tiles.tileUrl && tiles.attribution ? (
        <figcaption className="muted">{tiles.attribution}</figcaption>
      ) : null}
    </figure>
  );
}
