// The new-message chime, synthesised with Web Audio: no sound file to download.

/** Plays two short soft notes (880 Hz then 1320 Hz, 0.4 s in all) on `audio`. */
export function playChime(audio: AudioContext): void {
  const t = audio.currentTime;
  const gain = audio.createGain();
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.4);
  gain.connect(audio.destination);
  const tone = audio.createOscillator();
  tone.frequency.setValueAtTime(880, t);
  tone.frequency.setValueAtTime(1320, t + 0.12);
  tone.connect(gain);
  tone.start(t);
  tone.stop(t + 0.4);
}
