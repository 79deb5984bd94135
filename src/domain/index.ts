export * from './ballot.js';
export * from './calendar.js';
export * from './draw.js';
export * from './errors.js';
export * from './login-throttle.js';
export * from './lottery.js';
export * from './participant.js';
export * from './ports.js';
