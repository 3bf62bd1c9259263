import { addTime, pauseTimer, setTimer, startTimer, timerRemaining } from '@weboard/shared';
import type { SessionTimer } from '@weboard/shared';
import { useEffect, useRef, useState } from 'react';
import { keepServerClock, serverNow } from '../collab/server-clock';
import type { BoardEditor } from '../editor/editor';
import { FacIcons } from './icons';
import { session } from './session-state';

/** 1:05, or -0:12 once the time is up. */
export function formatRemaining(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.ceil(Math.abs(ms) / 1000);
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A short two-tone chime made with Web Audio, so no sound file ships. */
function chime(): void {
  try {
    const audio = new AudioContext();
    [880, 660].forEach((frequency, i) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, audio.currentTime + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.25 + 0.4);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + i * 0.25);
      oscillator.stop(audio.currentTime + i * 0.25 + 0.45);
    });
    setTimeout(() => void audio.close(), 1500);
  } catch {
    // No audio (autoplay policy, no device): the visual cue is enough.
  }
}

/** The session timer everyone sees; facilitators get its controls. */
export function TimerBadge({
  editor,
  timer,
  isFacilitator,
}: {
  editor: BoardEditor;
  timer: SessionTimer | null;
  isFacilitator: boolean;
}) {
  const [now, setNow] = useState(() => serverNow());
  const [sound, setSound] = useState(false);
  const [minutes, setMinutes] = useState('5');
  const wasRunningOut = useRef(false);
  const running = timer?.startedAt != null;
  // Times are read on the server's clock, so the countdown reads the same on every laptop.
  useEffect(() => keepServerClock(), []);

  useEffect(() => {
    if (!running) return;
    const interval = setInterval(() => setNow(serverNow()), 250);
    return () => clearInterval(interval);
  }, [running]);

  // `now` ticks while running; a paused timer does not depend on the time.
  const remaining = timer ? Math.min(timer.remainingMs, timerRemaining(timer, now)) : 0;
  const expired = timer !== null && remaining <= 0;
  useEffect(() => {
    if (expired && running && !wasRunningOut.current && sound) chime();
    wasRunningOut.current = expired;
  }, [expired, running, sound]);

  if (!timer && !isFacilitator) return null;
  const write = (next: SessionTimer | null) => session.setTimer(editor, next);
  return (
    <div
      className={`fac-timer${expired ? ' fac-timer-expired' : ''}${running ? ' fac-timer-running' : ''}`}
      data-testid="session-timer"
      data-remaining-ms={timer ? Math.round(remaining) : ''}
      data-running={running ? 'true' : 'false'}
    >
      {timer && (
        <span className="fac-timer-time" data-testid="timer-display" aria-live="polite">
          {FacIcons.clock()}
          <span data-testid="timer-text">{expired ? "Time's up" : formatRemaining(remaining)}</span>
        </span>
      )}
      <label className="fac-timer-sound" title="Play a sound on this computer when the time is up">
        <input
          type="checkbox"
          data-testid="timer-sound"
          checked={sound}
          onChange={(e) => setSound(e.target.checked)}
        />
        {FacIcons.bell()}
        <span className="fac-timer-sound-label">Sound at zero</span>
      </label>
      {isFacilitator && (
        <span className="fac-timer-controls">
          {!timer || expired ? (
            <>
              {FacIcons.clock()}
              <input
                className="fac-input fac-minutes"
                data-testid="timer-minutes"
                aria-label="Minutes"
                type="number"
                min="1"
                max="180"
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
              />
              <span className="fac-timer-unit">min</span>
              <button
                type="button"
                className="button button-small button-primary"
                data-testid="timer-set"
                onClick={() => {
                  const ms = Math.max(1, Math.min(180, Number(minutes) || 5)) * 60_000;
                  write(startTimer(setTimer(ms), serverNow()));
                }}
              >
                Start timer
              </button>
            </>
          ) : running ? (
            <button
              type="button"
              className="button button-small button-ghost"
              data-testid="timer-pause"
              onClick={() => write(pauseTimer(timer, serverNow()))}
            >
              Pause
            </button>
          ) : (
            <button
              type="button"
              className="button button-small button-ghost"
              data-testid="timer-resume"
              onClick={() => write(startTimer(timer, serverNow()))}
            >
              Resume
            </button>
          )}
          {timer && (
            <>
              <button
                type="button"
                className="button button-small button-ghost"
                data-testid="timer-add"
                onClick={() => write(addTime(timer, 60_000, serverNow()))}
              >
                +1 min
              </button>
              <button
                type="button"
                className="button button-small button-ghost"
                data-testid="timer-reset"
                title="Back to the full time, paused"
                onClick={() => write(setTimer(timer.durationMs))}
              >
                Reset
              </button>
              <button
                type="button"
                className="button button-small button-ghost"
                data-testid="timer-clear"
                onClick={() => write(null)}
              >
                Clear
              </button>
            </>
          )}
        </span>
      )}
    </div>
  );
}
