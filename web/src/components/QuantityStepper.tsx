/** The most ballots one submission takes (the API's limit). */
export const MAX_QUANTITY = 1000;

/** A whole number of ballots, 1 to MAX_QUANTITY, with − and + buttons. */
export const QuantityStepper = ({
  id,
  value,
  onChange,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  invalid: boolean;
  describedBy: string;
}) => {
  const parsed = Number(value);
  const step = (delta: number) => {
    const base = Number.isInteger(parsed) ? parsed : 1;
    onChange(String(Math.min(MAX_QUANTITY, Math.max(1, base + delta))));
  };
  return (
    <div className="stepper">
      <button
        type="button"
        className="stepper-button"
        onClick={() => step(-1)}
        disabled={disabled || parsed <= 1}
        aria-label="One ballot fewer"
      >
        −
      </button>
      <input
        id={id}
        className="input stepper-input"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
      />
      <button
        type="button"
        className="stepper-button"
        onClick={() => step(1)}
        disabled={disabled || parsed >= MAX_QUANTITY}
        aria-label="One ballot more"
      >
        +
      </button>
    </div>
  );
};
