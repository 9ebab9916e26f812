import type { RuntimeSpec } from './runtime-spec.js';
import type { SpecInput } from './spec-input.js';

/**
 * One small, pure step of spec generation: reads the input, adjusts the spec in place.
 * Throws EngineError('invalid_argument') for settings that cannot be honoured.
 */
export type SpecOpt = (spec: RuntimeSpec, input: SpecInput) => void;
