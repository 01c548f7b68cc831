// Types of the generated validator beside it (see scripts/case-record-validator.mjs).
export interface ValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
export declare const validate: ((value: unknown) => boolean) & { errors?: ValidationError[] | null };
export default validate;
