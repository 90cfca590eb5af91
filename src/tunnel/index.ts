// What the run imports lazily when --tunnel is given; the self-check route and the localhost resolver are imported where used.
export { openTunnel } from './open-tunnel.js';
