// Positions of cities a customer may type when she does not share her location (no geocoding service is called).
const cities: Record<string, [number, number]> = {
  paris: [48.8566, 2.3522],
  london: [51.5074, -0.1278],
  milan: [45.4642, 9.19],
  rome: [41.9028, 12.4964],
  geneva: [46.2044, 6.1432],
  zurich: [47.3769, 8.5417],
  berlin: [52.52, 13.405],
  munich: [48.1351, 11.582],
  madrid: [40.4168, -3.7038],
  barcelona: [41.3874, 2.1686],
  amsterdam: [52.3676, 4.9041],
  brussels: [50.8503, 4.3517],
  vienna: [48.2082, 16.3738],
  monaco: [43.7384, 7.4246],
  nice: [43.7102, 7.262],
  lyon: [45.764, 4.8357],
  'new york': [40.7128, -74.006],
  'los angeles': [34.0522, -118.2437],
  miami: [25.7617, -80.1918],
  chicago: [41.8781, -87.6298],
  toronto: [43.6532, -79.3832],
  dubai: [25.2048, 55.2708],
  tokyo: [35.6762, 139.6503],
  osaka: [34.6937, 135.5023],
  seoul: [37.5665, 126.978],
  'hong kong': [22.3193, 114.1694],
  shanghai: [31.2304, 121.4737],
  beijing: [39.9042, 116.4074],
  singapore: [1.3521, 103.8198],
  bangkok: [13.7563, 100.5018],
  taipei: [25.033, 121.5654],
  sydney: [-33.8688, 151.2093],
  melbourne: [-37.8136, 144.9631],
  'sao paulo': [-23.5505, -46.6333],
  'mexico city': [19.4326, -99.1332],
};

export function cityPosition(name: string): { lat: number; lng: number } | null {
  const key = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
  const found = cities[key];
  return found ? { lat: found[0], lng: found[1] } : null;
}
