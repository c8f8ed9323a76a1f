// `tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where the time of a node --cpu-prof profile went.
import { formatProfile, readProfileSummary } from './lib/cpu-profile.js';

const [file, top] = process.argv.slice(2);
if (!file) {
  process.stderr.write('Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(1);
}
process.stdout.write(`${formatProfile(await readProfileSummary(file, Number(top) || 15))}\n`);
