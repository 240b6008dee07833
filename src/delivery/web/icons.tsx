/**
 * Inline SVG icons, decorative only: each sits next to text that says the same thing,
 * so they are hidden from assistive technology. Colour comes from `currentColor`.
 */
function Icon({ children, viewBox = "0 0 24 24" }: { children: unknown; viewBox?: string }) {
  return (
    <svg viewBox={viewBox} aria-hidden="true" focusable="false" fill="currentColor">
      {children}
    </svg>
  );
}

export function LogoIcon() {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#4f46e5" />
      <path d="M18 14h20l10 10v26H18z" fill="#ffffff" />
      <path d="M38 14v10h10" fill="#c7d2fe" />
      <path d="M24 32h18M24 39h18M24 46h11" stroke="#4f46e5" stroke-width="3.5" stroke-linecap="round" />
    </svg>
  );
}

export function StarIcon() {
  return (
    <Icon>
      <path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" />
    </Icon>
  );
}

export function UpvoteIcon() {
  return (
    <Icon>
      <path d="M12 4l8 10h-5v6H9v-6H4z" />
    </Icon>
  );
}

export function FeedIcon() {
  return (
    <Icon>
      <circle cx="6" cy="18" r="2.2" />
      <path d="M4 10.5v3a6.5 6.5 0 016.5 6.5h3A9.5 9.5 0 004 10.5zM4 4v3a13 13 0 0113 13h3A16 16 0 004 4z" />
    </Icon>
  );
}

export function CodeIcon() {
  return (
    <Icon>
      <path d="M8.6 16.6L4 12l4.6-4.6L7.2 6 1.2 12l6 6zm6.8 0L20 12l-4.6-4.6L16.8 6l6 6-6 6z" />
    </Icon>
  );
}

export function DocumentIcon() {
  return (
    <Icon>
      <path d="M6 2h8l6 6v14H6zm7 1.5V9h5.5zM9 13v1.8h8V13zm0 4v1.8h6V17z" />
    </Icon>
  );
}

export function LinkIcon() {
  return (
    <Icon>
      <path d="M14 3h7v7h-2V6.4l-8.3 8.3-1.4-1.4L17.6 5H14zM5 5h6v2H7v10h10v-4h2v6H5z" />
    </Icon>
  );
}

export function TrendIcon() {
  return (
    <Icon>
      <path d="M3 17.6l6.2-6.2 4 4L20 8.6V13h2V5h-8v2h4.6l-5.4 5.4-4-4L1.6 16.2z" />
    </Icon>
  );
}
