import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startBoardEarly } from './app/early';
import { registerOfflineShell } from './app/offline-shell';
import { startThemeMode } from './ui/theme-mode';
import './styles.css';

// Before the first render, so a dark system never flashes a light page.
startThemeMode();
// Before the first render too: a board's code and info download while React starts.
startBoardEarly();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerOfflineShell();
