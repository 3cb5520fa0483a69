export { DEFAULT_TRAINING_CONSENT, loadTrainingConsent, type TrainingConsent } from './training-consent.js';
export { getTrainingConsent, setTrainingConsent } from './manage-training-consent.js';
export { withKnownValues, type KnownValue } from './known-values-detector.js';
