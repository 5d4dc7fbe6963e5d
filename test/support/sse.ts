import http from 'node:http';
import { bearer, KEYS } from './app';

export interface SseEvent {
  id: string;
  event: string;
  data: { position: number; type: string };
}

/** Reads SSE events until `count` arrived, then disconnects (as a consumer that goes away). */
export function readSse(url: string, count: number, lastEventId?: string): Promise<SseEvent[]> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      {
        headers: { Accept: 'text/event-stream', ...bearer(KEYS.creditPlatform), ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
        const events: SseEvent[] = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2);
            if (field('data') === undefined) continue;
            events.push({ id: field('id')!, event: field('event')!, data: JSON.parse(field('data')!) as SseEvent['data'] });
            if (events.length === count) {
              req.destroy();
              resolve(events);
            }
          }
        });
      },
    );
    req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? undefined : reject(e)));
    setTimeout(() => reject(new Error('SSE timed out')), 10_000).unref();
  });
}
