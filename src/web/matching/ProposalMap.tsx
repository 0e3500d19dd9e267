/**
 * A proposal on a map: the person's home, the visitors' homes, and the trips between them.
 * Markers and lines are drawn by Leaflet as vectors, so they show even without map tiles (a
 * machine with no internet access, or no tile server configured). The same facts are given as
 * text below the map for people who cannot see it.
 */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useMapTiles } from '../auth/session.js';
import { t } from '../i18n/fr.js';

export interface MapPoint {
  lat: number;
  lon: number;
}

export function ProposalMap({
  person,
  personLabel,
  homes,
  unitLabel,
}: {
  person: MapPoint;
  personLabel: string;
  homes: MapPoint[];
  unitLabel: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const tiles = useMapTiles();

  useEffect(() => {
    if (!container.current) return;
    // No controls inside: the map is one image for assistive technologies (the text is below).
    const map = L.map(container.current, {
      zoomControl: false,
      attributionControl: false,
      keyboard: false,
    });
    if (tiles.tileUrl)
      L.tileLayer(tiles.tileUrl, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
    const target = L.latLng(person.lat, person.lon);
    L.circleMarker(target, { radius: 9, color: '#b3261e', fillColor: '#b3261e', fillOpacity: 0.9 })
      .bindTooltip(personLabel)
      .addTo(map);
    for (const home of homes) {
      const from = L.latLng(home.lat, home.lon);
      L.circleMarker(from, { radius: 7, color: '#0b57d0', fillColor: '#0b57d0', fillOpacity: 0.9 })
        .bindTooltip(unitLabel)
        .addTo(map);
      L.polyline([from, target], { color: '#0b57d0', weight: 3, dashArray: '6 6' }).addTo(map);
    }
    map.fitBounds(L.latLngBounds([target, ...homes.map((h) => L.latLng(h.lat, h.lon))]).pad(0.3), {
      maxZoom: 14,
    });
    return () => {
      map.remove();
    };
  }, [person, homes, personLabel, unitLabel, tiles.tileUrl, tiles.attribution]);

  return (
    <figure className="proposal-map">
      <div
        ref={container}
        className="map"
        role="img"
        aria-label={t('matching.mapLabel', { person: personLabel, unit: unitLabel })}
      />
      <figcaption>
        {t('matching.mapCaption', { person: personLabel, unit: unitLabel })}
        {tiles.tileUrl && tiles.attribution ? (
          <span className="muted"> {tiles.attribution}</span>
        ) : null}
      </figcaption>
    </figure>
  );
}
