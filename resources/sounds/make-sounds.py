#!/usr/bin/env python3
"""Writes the counter's sounds: 16-bit PCM mono WAVs, short and small, the same bytes on every run.

usage: make-sounds.py [OUTPUT_DIR]   (default: this script's folder)

paid.wav     a bright rising two-tone chime (A5 then E6, bell-like partials): money arrived
failed.wav   two low, slightly falling beeps: the payment did not go through
scanned.wav  one short high tick: the scanner gun's code was taken

They are tones made here, not recordings, so they carry no one else's rights. Paid and failed differ
in pitch (high and rising / low and falling), rhythm (one gesture / two beats) and timbre (bell /
hollow square-ish wave), so a cashier tells them apart without looking, and neither sounds like the
Alipay speaker box's own jingle.
"""

import math
import pathlib
import struct
import sys
import wave

RATE = 22050  # plenty for tones under 4 kHz, half the bytes of 44.1 kHz


def envelope(t, attack, decay):
    """A quick linear attack, then an exponential decay with time constant `decay` seconds."""
    if t < attack:
        return t / attack
    return math.exp(-(t - attack) / decay)


def bell(freq, t):
    # Partials of a small bell or glockenspiel bar: the octave and a slightly stretched twelfth fade
    # faster than the fundamental, which gives the "ding".
    return (math.sin(2 * math.pi * freq * t) * envelope(t, 0.004, 0.35)
            + 0.35 * math.sin(2 * math.pi * freq * 2.0 * t) * envelope(t, 0.004, 0.12)
            + 0.12 * math.sin(2 * math.pi * freq * 3.01 * t) * envelope(t, 0.004, 0.06))


def hollow(freq, t, length):
    # Odd harmonics only (a softened square wave): a plain "beep", not musical.
    tone = sum(math.sin(2 * math.pi * freq * k * t) / k for k in (1, 3, 5, 7))
    fade = min(1.0, t / 0.006, (length - t) / 0.012)
    return tone * max(0.0, fade)


def paid(n):
    t = n / RATE
    a5, e6 = 880.0, 1318.51
    sample = bell(a5, t)
    if t >= 0.11:
        sample += 1.1 * bell(e6, t - 0.11)
    return sample


def failed(n):
    t = n / RATE
    beep = 0.16
    if t < beep:
        return hollow(233.08, t, beep)  # B♭3
    if 0.24 <= t < 0.24 + beep:
        return hollow(207.65, t - 0.24, beep)  # A♭3
    return 0.0


def scanned(n):
    t = n / RATE
    length = 0.06
    if t >= length:
        return 0.0
    fade = min(1.0, t / 0.003, (length - t) / 0.02)
    return math.sin(2 * math.pi * 1760.0 * t) * fade


# name: (samples, seconds, peak as a fraction of full scale). The beeps are square-ish and sound louder
# than a bell at the same peak, so they peak lower: the chime of a payment must never be the quieter.
SOUNDS = {
    "paid.wav": (paid, 0.75, 0.8),
    "failed.wav": (failed, 0.42, 0.45),
    "scanned.wav": (scanned, 0.07, 0.4),
}


def render(function, seconds, peak):
    count = int(seconds * RATE)
    tail = int(0.03 * RATE)  # a short fade at the end, so no sound stops with a click
    samples = [function(n) * min(1.0, (count - n) / tail) for n in range(count)]
    top = max(abs(s) for s in samples) or 1.0
    frames = bytearray()
    for s in samples:
        frames += struct.pack("<h", round(s / top * peak * 32767))
    return bytes(frames)


def main(argv):
    out = pathlib.Path(argv[1]) if len(argv) > 1 else pathlib.Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, (function, seconds, peak) in SOUNDS.items():
        with wave.open(str(out / name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(render(function, seconds, peak))
        print(f"{out / name}: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
