/**
 * The words of "Use Context": it rewrites `current-context` in the user's kubeconfig file, as
 * `kubectl config use-context` does, so kubectl in every terminal follows. Said before (in the
 * picker) and after (a confirmation naming the file).
 */
export interface UseContextPrompt {
  readonly title: string;
  readonly placeHolder: string;
  done(context: string, file: string): string;
}

export function useContextPrompt(file: string | undefined): UseContextPrompt {
  return {
    title: "Switch kubectl's current context",
    placeHolder: file
      ? `Writes current-context in ${file}: kubectl in every terminal switches too`
      : "Writes current-context in your kubeconfig: kubectl in every terminal switches too",
    done: (context, written) => `Switched kubectl's current context to ${context} in ${written}.`,
  };
}
