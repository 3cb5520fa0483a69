export { monitorSettingsSchema, DEFAULT_MONITOR_SETTINGS, type MonitorSettings } from './monitor-settings.js';
export { loadMonitorSettings, saveMonitorSettings } from './load-monitor-settings.js';
export { evaluateEntry, type Finding, type WindowCounts } from './evaluate-entry.js';
export { runMonitors, type MonitorDeps } from './run-monitors.js';
export { startMonitors } from './start-monitors.js';
