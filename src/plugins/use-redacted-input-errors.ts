import { GraphQLError } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';

/** A variable-coercion error with the value cut out, and where the offending value is. */
export interface RedactedInputError {
  message: string;
  /**
   * `extensions.inputPath`: variable name, then field names and list indices, the indices as strings
   * like `MatchFieldError.path` (`["inputs", "2", "phoneNumber"]`). Absent for other errors.
   */
  inputPath?: string[];
}

/**
 * graphql-js repeats the offending value in input errors ("Variable "$input" got invalid value
 * { userInfos: { lastName: "Dupont" } }; …"). Values here are names and birth dates, and error
 * messages end up in client logs and crash reports, so the value is cut and the path and reason kept.
 */
export function redactInputEcho(message: string): string {
  return redactInputError(message).message;
}

/**
 * The executor prints coerceInputValue's path into the message (`at "inputs[2].userInfos"`) and keeps
 * no structured copy, so the path is read back from there: exact, since the steps are GraphQL names
 * and list indices. A missing or unknown field is reported at its parent object: its name is added.
 */
export function redactInputError(message: string): RedactedInputError {
  const absent =
    /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/.exec(
      message,
    );
  if (absent) return { message, inputPath: [absent[1]!] };
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (variable) {
    const name = variable[1]!;
    const rest = message.slice(variable[0].length);
    // graphql-js JSON-quotes strings inside the value, so an unescaped ` at "$name` starts the path.
    const at = rest.indexOf(` at "${name}`);
    const reasonStart = at >= 0 ? rest.indexOf('; ', at) : rest.lastIndexOf('; ');
    const where = at >= 0 ? rest.slice(at, reasonStart) : '';
    const reason = reasonStart >= 0 ? rest.slice(reasonStart + 2) : 'invalid value.';
    const field = /^Field "(\w+)" (?:of required type|is not defined by type) /.exec(reason)?.[1];
    const steps = [...where.slice(` at "${name}`.length).matchAll(/\.(\w+)|\[(\d+)\]/g)];
    return {
      message: `Variable "$${name}" has an invalid value${where}: ${redactReason(reason)}`,
      inputPath: [name, ...steps.map((step) => (step[1] ?? step[2])!), ...(field ? [field] : [])],
    };
  }
  const literal = /^(Expected value of type "[^"]+"), found /.exec(message);
  if (literal) {
    const reasonStart = message.lastIndexOf('; ');
    return {
      message:
        reasonStart > literal[0].length
          ? `${literal[1]}: ${redactReason(message.slice(reasonStart + 2))}`
          : `${literal[1]}.`,
    };
  }
  return { message: redactReason(message) };
}

/** Built-in scalar reasons end with the value too ("String cannot represent a non string value: …"). */
function redactReason(reason: string): string {
  return reason
    .replace(/^((?:\w+) cannot represent [^:]+): .*$/s, '$1.')
    .replace(/^(Value) .* (does not exist in "\w+" enum\.)/s, '$1 $2');
}

function redacted(errors: readonly Error[]): Error[] {
  return errors.map((error) => {
    if (!(error instanceof GraphQLError)) return error;
    const { message, inputPath } = redactInputError(error.message);
    if (message === error.message && !inputPath) return error;
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      // A variable that does not fit its type: the same code and path whichever value was wrong.
      extensions: inputPath ? { ...error.extensions, code: 'BAD_USER_INPUT', inputPath } : error.extensions,
    });
  });
}

/**
 * Strips submitted values out of validation and variable-coercion error messages, and gives the
 * variable-coercion errors `extensions.code: BAD_USER_INPUT` and `extensions.inputPath`.
 */
export function useRedactedInputErrors(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(redacted(result));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if ('errors' in result && result.errors?.length)
            setResult({ ...result, errors: redacted(result.errors) });
        },
      };
    },
  };
}

/**
 * Yoga's error masking, with `extensions.originalError` cut down to its name: for a malformed JSON body
 * the parser's message quotes the body (names, birth dates) back to the caller. The field itself stays,
 * because Yoga reads its presence to answer such requests with HTTP 400.
 */
export function maskErrorWithoutInputEcho(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  const original = masked instanceof GraphQLError ? masked.extensions.originalError : undefined;
  if (!(masked instanceof GraphQLError) || !original || typeof original !== 'object') return masked;
  const name = String((original as { name?: unknown }).name ?? 'Error');
  return new GraphQLError(masked.message, {
    nodes: masked.nodes,
    source: masked.source,
    positions: masked.positions,
    path: masked.path,
    extensions: { ...masked.extensions, originalError: { name, message: `${name} (details withheld)` } },
  });
}
