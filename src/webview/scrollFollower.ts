/**
 * Follows the stream only while the user is at the bottom. Scrolling up stops following and
 * shows a "Jump to latest" button.
 */
import { iconButton } from './dom';

export class ScrollFollower {
  private following = true;
  readonly jumpButton: HTMLButtonElement;

  constructor(private readonly scroller: HTMLElement) {
    this.jumpButton = iconButton('arrow-down', 'Jump to latest', () => this.jump(), 'Jump to latest');
    this.jumpButton.classList.add('jump-latest');
    this.jumpButton.hidden = true;
    scroller.addEventListener('scroll', () => {
      this.following = this.atBottom();
      if (this.following) this.jumpButton.hidden = true;
    });
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
    if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
    else this.jumpButton.hidden = false;
  }

  jump(): void {
    this.following = true;
    this.jumpButton.hidden = true;
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
