/**
 * Follows the stream only while the user is at the bottom. Scrolling up stops following and
 * shows a "Jump to latest" button.
 */
import { iconButton } from './dom';

export class ScrollFollower {
  private following = true;
  /** The scroll position last seen: a move up from it, not to the bottom, is the user's. */
  private lastTop = 0;
  readonly jumpButton: HTMLButtonElement;

  constructor(private readonly scroller: HTMLElement) {
    this.jumpButton = iconButton('arrow-down', 'Jump to latest', () => this.jump(), 'Jump to latest');
    this.jumpButton.classList.add('jump-latest');
    this.jumpButton.hidden = true;
    // Scrolling up is the user's wish, whatever streams meanwhile: the wheel and the keys say so at once
    // (a scroll event comes a frame later, after the follower may already have scrolled back down).
    scroller.addEventListener('wheel', (e) => this.userScroll(e.deltaY < 0), { passive: true });
    scroller.addEventListener('keydown', (e) => this.userScroll(['PageUp', 'ArrowUp', 'Home'].includes(e.key)));
    scroller.addEventListener('scroll', () => {
      const top = scroller.scrollTop;
      if (this.atBottom()) {
        this.following = true;
        this.jumpButton.hidden = true;
      } else if (top < this.lastTop - 1) {
        // Moved up (the scroll bar, a script). Not at the bottom without moving up only means the
        // reply grew since the follower scrolled: it is still following.
        this.stopFollowing();
      }
      this.lastTop = top;
    });
  }

  private userScroll(up: boolean): void {
    if (up && this.scroller.scrollTop > 0) this.stopFollowing();
  }

  private stopFollowing(): void {
    this.following = false;
    this.jumpButton.hidden = false;
  }

  /** Whether the view keeps to the latest message (the user has not scrolled up). */
  get isFollowing(): boolean {
    return this.following;
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 24;
  }

  /** Call after content grew. */
  update(): void {
    if (this.following) this.toBottom();
    else this.jumpButton.hidden = false;
  }

  jump(): void {
    this.following = true;
    this.jumpButton.hidden = true;
    this.lastTop = 0; // wherever the view was: going down now is not undone as a user's scroll
    this.toBottom();
  }

  private toBottom(): void {
    const s = this.scroller;
    // Most deltas add to a line without making the view taller: then there is nothing to scroll
    // (and no scroll to paint).
    if (s.scrollTop >= s.scrollHeight - s.clientHeight - 1) {
      this.lastTop = s.scrollTop;
      return;
    }
    // Moved up since the follower last looked, and its scroll event has not come yet: the user's
    // scroll (the scroll bar, a script), which a delta arriving first must not undo.
    if (s.scrollTop < this.lastTop - 1) {
      this.stopFollowing();
      return;
    }
    s.scrollTop = s.scrollHeight;
    this.lastTop = s.scrollTop;
  }
}
