import { useEffect, useState } from 'react';

/** Now, refreshed once a second while `running`; frozen otherwise. */
export function useClock(running: boolean, now: () => number = Date.now): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!running) return;
    setTime(now());
    const timer = setInterval(() => setTime(now()), 1000);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [running, now]);
  return time;
}
