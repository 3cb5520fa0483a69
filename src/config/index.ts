export { loadConfig, type Config, type LocalModelConfig } from './config.js';
