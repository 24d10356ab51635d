/**
 * Removes a subject a test registered, soft then permanently (the Confluent API's two steps), so
 * the registry keeps only real contracts. A subject that is already gone is fine.
 */
export async function deleteSubject(registryUrl: string, subject: string): Promise<void> {
  const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
  for (const suffix of ['', '?permanent=true']) {
    const res = await fetch(`${url}${suffix}`, { method: 'DELETE' });
    if (!res.ok && res.status !== 404) {
      throw new Error(`DELETE ${url}${suffix} answered ${res.status}: ${await res.text()}`);
    }
  }
}
